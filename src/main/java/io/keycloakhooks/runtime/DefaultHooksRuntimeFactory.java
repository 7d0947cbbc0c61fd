package io.keycloakhooks.runtime;

import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.KeyManagementException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.HookHttpClient;
import org.apache.http.HttpHost;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.connections.httpclient.ProxyMappings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.truststore.TruststoreProvider;

public class DefaultHooksRuntimeFactory implements HooksRuntimeFactory {

    public static final String PROVIDER_ID = "default";
    public static final String ALLOWED_NETWORKS = "allowed-networks";

    private static final Logger LOG = Logger.getLogger(DefaultHooksRuntimeFactory.class);

    private DestinationPolicy policy;
    private volatile HooksRuntime runtime;

    @Override
    public void init(Config.Scope config) {
        String[] networks = config.getArray(ALLOWED_NETWORKS);
        List<String> allowed = networks == null ? List.of() : Arrays.stream(networks).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        boolean devMode = Environment.isDevMode();
        policy = DestinationPolicy.of(allowed, devMode);
        LOG.infof("Hook destinations: %s mode, allowed networks %s", devMode ? "development" : "production", allowed);
    }

    @Override
    public HooksRuntime create(KeycloakSession session) {
        HooksRuntime current = runtime;
        if (current == null) {
            synchronized (this) {
                if (runtime == null) {
                    runtime = new HooksRuntime(new HookHttpClient(policy, sslContext(session), proxies(),
                            UserAgent.VALUE), policy, new OnceLog(), Executors.newVirtualThreadPerTaskExecutor());
                }
                current = runtime;
            }
        }
        return current;
    }

    /** Keycloak's configured truststore (its default includes the JDK's CAs); null falls back to the JDK's. */
    private static SSLContext sslContext(KeycloakSession session) {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        KeyStore store = truststore == null ? null : truststore.getTruststore();
        if (store == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (NoSuchAlgorithmException | KeyStoreException | KeyManagementException e) {
            throw new IllegalStateException("cannot use Keycloak's truststore for hook calls", e);
        }
    }

    /** The same proxy settings as Keycloak's own outgoing HTTP client (proxy-mappings, else HTTPS_PROXY/NO_PROXY). */
    private static Function<String, HttpHost> proxies() {
        Config.Scope httpClient = Config.scope("connections-http-client", "default");
        String[] mappings = httpClient.getArray("proxy-mappings");
        ProxyMappings proxyMappings = mappings == null ? null : ProxyMappings.valueOf(mappings);
        if (proxyMappings == null || proxyMappings.isEmpty()) {
            String httpsProxy = env("https_proxy");
            proxyMappings = httpsProxy == null ? null : ProxyMappings.withFixedProxyMapping(httpsProxy, env("no_proxy"));
        }
        if (proxyMappings == null || proxyMappings.isEmpty()) {
            return null;
        }
        ProxyMappings effective = proxyMappings;
        return host -> {
            ProxyMappings.ProxyMapping mapping = effective.getProxyFor(host);
            return mapping == null ? null : mapping.getProxyHost();
        };
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getenv(name.toUpperCase());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        HooksRuntime current = runtime;
        if (current != null) {
            current.calls().shutdownNow();
            try {
                current.http().close();
            } catch (java.io.IOException e) {
                LOG.debug("closing the hook HTTP client", e);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ALLOWED_NETWORKS)
                .type("string")
                .helpText("Comma-separated CIDRs that hook URLs may point into although they are loopback or private "
                        + "(and where http:// is allowed) in production mode, e.g. 10.20.0.0/16,192.168.5.10/32. "
                        + "Link-local, multicast and 0.0.0.0/8 are always refused.")
                .add()
                .build();
    }
}
