package io.publicip.persistence.retry;

import io.micronaut.aop.InterceptPhase;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import jakarta.inject.Singleton;

/** Wraps {@link RetriedTransaction} methods in {@link TransactionRetry}, outside their transaction interceptor. */
@Singleton
@InterceptorBean(RetriedTransaction.class)
class RetriedTransactionInterceptor implements MethodInterceptor<Object, Object> {

    private final TransactionRetry retry;

    RetriedTransactionInterceptor(TransactionRetry retry) {
        this.retry = retry;
    }

    @Override
    public int getOrder() {
        return InterceptPhase.RETRY.getPosition();
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        // proceed(this), not proceed(): each try must run the interceptors after this one again
        // (the transaction's among them); proceed() moves on along the chain from where it is
        return retry.run(() -> context.proceed(this));
    }
}
