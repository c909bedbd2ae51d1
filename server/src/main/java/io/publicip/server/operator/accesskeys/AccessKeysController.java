package io.publicip.server.operator.accesskeys;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.persistence.accesskey.AccessKey;
import io.publicip.administration.accesskey.AccessKeys;
import io.publicip.server.generated.operator.api.AbstractAccessKeysController;
import io.publicip.server.generated.operator.model.AccessKeyList;
import io.publicip.server.generated.operator.model.AccessKeySpec;
import io.publicip.server.generated.operator.model.AccessKeyWithSecret;

import java.time.ZoneOffset;

@Controller
public class AccessKeysController extends AbstractAccessKeysController {

    private final AccessKeys keys;

    public AccessKeysController(AccessKeys keys) {
        this.keys = keys;
    }

    @Override
    public HttpResponse<AccessKeyList> listAccessKeys() {
        return HttpResponse.ok(new AccessKeyList(keys.list().stream().map(AccessKeysController::withoutSecret).toList()));
    }

    @Override
    public HttpResponse<AccessKeyWithSecret> createAccessKey(AccessKeySpec spec) {
        AccessKey key = keys.create(spec.getAccessKeyId(), spec.getSecret(), !Boolean.FALSE.equals(spec.getEnabled()));
        return HttpResponse.created(new AccessKeyWithSecret(key.accessKeyId(), key.secret(), key.enabled(),
                key.createdAt().atOffset(ZoneOffset.UTC)));
    }

    @Override
    public HttpResponse<io.publicip.server.generated.operator.model.AccessKey> enableAccessKey(String accessKeyId) {
        return HttpResponse.ok(withoutSecret(keys.setEnabled(accessKeyId, true)));
    }

    @Override
    public HttpResponse<io.publicip.server.generated.operator.model.AccessKey> disableAccessKey(String accessKeyId) {
        return HttpResponse.ok(withoutSecret(keys.setEnabled(accessKeyId, false)));
    }

    @Override
    public HttpResponse<Void> deleteAccessKey(String accessKeyId) {
        keys.delete(accessKeyId);
        return HttpResponse.noContent();
    }

    static io.publicip.server.generated.operator.model.AccessKey withoutSecret(AccessKey key) {
        return new io.publicip.server.generated.operator.model.AccessKey(key.accessKeyId(), key.enabled(), key.createdAt().atOffset(ZoneOffset.UTC));
    }
}
