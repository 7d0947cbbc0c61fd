package io.keycloakhooks.coverage;

import java.lang.reflect.Method;

import org.keycloak.models.IdentityProviderModel;

/**
 * {@link IdentityProviderModel#isLinkOnly()} returns {@code boolean} on Keycloak 26.4 and {@code Boolean} from 26.5 on;
 * a direct call links against one of them only, so the one jar calls it by name.
 */
final class IdentityProviders {

    private static final Method LINK_ONLY;

    static {
        try {
            LINK_ONLY = IdentityProviderModel.class.getMethod("isLinkOnly");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private IdentityProviders() {
    }

    static boolean linkOnly(IdentityProviderModel model) {
        try {
            return Boolean.TRUE.equals(LINK_ONLY.invoke(model));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read linkOnly of identity provider " + model.getAlias(), e);
        }
    }
}
