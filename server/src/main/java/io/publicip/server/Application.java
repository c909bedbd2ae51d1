package io.publicip.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.publicip.server.lifecycle.ShutdownNotice;

public class Application {

    public static void main(String[] args) {
        ApplicationContext context = Micronaut.run(Application.class, args);
        ShutdownNotice.install(context);
    }
}
