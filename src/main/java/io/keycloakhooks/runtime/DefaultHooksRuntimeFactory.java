package io.keycloakhooks.runtime;

import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.KeyManagementException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.keycloakhooks.call.CallChannel;
import io.keycloakhooks.call.CallLane;
import io.keycloakhooks.call.CallLimiter;
import io.keycloakhooks.call.CallMetrics;
import io.keycloakhooks.call.UserAgent;
import io.keycloakhooks.delivery.DeliveryMetrics;
import io.keycloakhooks.delivery.Dispatcher;
import io.keycloakhooks.delivery.DispatcherSettings;
import io.keycloakhooks.delivery.Dispatchers;
import io.keycloakhooks.delivery.RetrySchedule;
import io.keycloakhooks.execlog.ExecutionLog;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.execlog.ExecutionRecorder;
import io.keycloakhooks.execlog.ExecutionStore;
import io.keycloakhooks.execlog.PrehookMetrics;
import io.keycloakhooks.logging.OnceLog;
import io.keycloakhooks.transport.DestinationPolicy;
import io.micrometer.core.instrument.Metrics;
import io.keycloakhooks.transport.HookHttpClient;
import org.apache.http.HttpHost;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.connections.httpclient.ProxyMappings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.truststore.TruststoreProvider;

public class DefaultHooksRuntimeFactory implements HooksRuntimeFactory {

    public static final String PROVIDER_ID = "default";
    public static final String ALLOWED_NETWORKS = "allowed-networks";
    public static final String DISPATCHER_THREADS = "dispatcher-threads";
    public static final String DISPATCHER_INSTANCES = "dispatcher-instances";
    public static final String CLAIM_BATCH_SIZE = "claim-batch-size";
    public static final String LEASE_SECONDS = "lease-seconds";
    public static final String POLL_INTERVAL_MS = "poll-interval-ms";
    public static final String RETRY_SCHEDULE = "retry-schedule";
    public static final String RETENTION_DAYS = "retention-days";
    public static final String AUTO_DISABLE_AFTER_HOURS = "auto-disable-after-hours";
    public static final String PROXY_RESOLVES_HOST_NAMES = HookHttpClient.PROXY_OPTION;
    public static final String LOGIN_CALLS_PER_REALM = CallLane.LOGIN.option();
    public static final String WEBHOOK_CALLS_PER_REALM = CallLane.WEBHOOK.option();
    /**
     * Each login-path call in flight holds at most one Keycloak request thread (the last call of a login runs on
     * it), and Keycloak's request pool has at least 50 threads by default: one realm whose endpoints hang holds at
     * most 20 of them.
     */
    static final int DEFAULT_LOGIN_CALLS_PER_REALM = 20;
    /** Half of the default {@code dispatcher-threads}: one realm's slow receivers leave the other half to the rest. */
    static final int DEFAULT_WEBHOOK_CALLS_PER_REALM = 16;
    private static final int MAX_CALLS_PER_REALM = 10_000;

    private static final int EXECUTION_LOG_CAPACITY = 20_000;
    private static final Duration EXECUTION_LOG_INTERVAL = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(DefaultHooksRuntimeFactory.class);

    private DestinationPolicy policy;
    private boolean proxyResolvesHostNames;
    private CallLimiter limiter;
    private DispatcherSettings dispatcherSettings;
    private int dispatcherInstances;
    private final Dispatchers dispatchers = new Dispatchers();
    private volatile HooksRuntime runtime;
    private final ExecutionLog executionLog = new ExecutionLog(EXECUTION_LOG_CAPACITY, Clock.systemUTC());
    private ExecutionLog.Sink executionSink;

    @Override
    public void init(Config.Scope config) {
        String[] networks = config.getArray(ALLOWED_NETWORKS);
        List<String> allowed = networks == null ? List.of() : Arrays.stream(networks).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        boolean devMode = Environment.isDevMode();
        policy = DestinationPolicy.of(allowed, devMode);
        proxyResolvesHostNames = proxyResolvesHostNames(config.get(PROXY_RESOLVES_HOST_NAMES));
        LOG.infof("Hook destinations: %s mode, allowed networks %s%s", devMode ? "development" : "production", allowed,
                proxyResolvesHostNames ? ", outgoing proxies may resolve host names" : "");
        limiter = callLimiter(config);
        dispatcherSettings = dispatcherSettings(config);
        dispatcherInstances = config.getInt(DISPATCHER_INSTANCES, 1);
        if (dispatcherInstances < 1 || dispatcherInstances > 8) {
            throw new IllegalArgumentException(DISPATCHER_INSTANCES + " must be between 1 and 8");
        }
    }

    /**
     * The value of {@value #PROXY_RESOLVES_HOST_NAMES}: absent or blank is false.
     *
     * @throws IllegalArgumentException naming the option when the value is neither true nor false, which stops
     *                                  Keycloak at start
     */
    static boolean proxyResolvesHostNames(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new IllegalArgumentException(PROXY_RESOLVES_HOST_NAMES + " must be true or false, not '"
                    + value.strip() + "'");
        };
    }

    /** @throws IllegalArgumentException naming the option that is out of range, which stops Keycloak at start */
    static CallLimiter callLimiter(Config.Scope config) {
        return new CallLimiter(Map.of(
                CallLane.LOGIN, callsPerRealm(config, LOGIN_CALLS_PER_REALM, DEFAULT_LOGIN_CALLS_PER_REALM),
                CallLane.WEBHOOK, callsPerRealm(config, WEBHOOK_CALLS_PER_REALM, DEFAULT_WEBHOOK_CALLS_PER_REALM)));
    }

    private static int callsPerRealm(Config.Scope config, String option, int defaultValue) {
        Integer value = config.getInt(option, defaultValue);
        if (value == null || value < 1 || value > MAX_CALLS_PER_REALM) {
            throw new IllegalArgumentException(option + " must be between 1 and " + MAX_CALLS_PER_REALM + ", not " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming the option that is out of range, which stops Keycloak at start */
    static DispatcherSettings dispatcherSettings(Config.Scope config) {
        DispatcherSettings d = DispatcherSettings.defaults();
        String schedule = config.get(RETRY_SCHEDULE);
        return new DispatcherSettings(
                config.getInt(DISPATCHER_THREADS, d.threads()),
                config.getInt(CLAIM_BATCH_SIZE, d.batchSize()),
                Duration.ofSeconds(config.getLong(LEASE_SECONDS, d.lease().toSeconds())),
                Duration.ofMillis(config.getLong(POLL_INTERVAL_MS, d.pollInterval().toMillis())),
                schedule == null || schedule.isBlank() ? d.schedule() : RetrySchedule.parse(schedule),
                Duration.ofDays(config.getLong(RETENTION_DAYS, d.retention().toDays())),
                Duration.ofHours(config.getLong(AUTO_DISABLE_AFTER_HOURS, d.autoDisableAfter().toHours())));
    }

    @Override
    public HooksRuntime create(KeycloakSession session) {
        HooksRuntime current = runtime;
        if (current == null) {
            synchronized (this) {
                if (runtime == null) {
                    SSLContext ssl = sslContext(session);
                    Function<String, HttpHost> proxies = proxies();
                    CallMetrics callMetrics = new CallMetrics(Metrics.globalRegistry);
                    runtime = new HooksRuntime(channel(CallLane.LOGIN, ssl, proxies, callMetrics),
                            channel(CallLane.WEBHOOK, ssl, proxies, callMetrics), policy, new OnceLog(),
                            Executors.newVirtualThreadPerTaskExecutor(), dispatchers,
                            new ExecutionRecorder(executionLog, new PrehookMetrics(Metrics.globalRegistry, executionLog)));
                }
                current = runtime;
            }
        }
        return current;
    }

    /** A lane with an HTTP client of its own: its connections and lookup threads are the lane's alone. */
    private CallChannel channel(CallLane lane, SSLContext ssl, Function<String, HttpHost> proxies, CallMetrics metrics) {
        return new CallChannel(lane, new HookHttpClient(policy, ssl, proxies, proxyResolvesHostNames, UserAgent.VALUE),
                limiter, metrics);
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

    /** Starts delivering once Keycloak has migrated the database (the outbox tables come with that). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && !dispatchers.started()) {
                DeliveryMetrics metrics = new DeliveryMetrics(Metrics.globalRegistry);
                List<Dispatcher> instances = new ArrayList<>();
                for (int i = 0; i < dispatcherInstances; i++) {
                    instances.add(new Dispatcher(factory, dispatcherSettings, Clock.systemUTC(), metrics,
                            session -> create(session).webhook()));
                }
                dispatchers.start(instances);
                executionSink = databaseSink(factory);
                executionLog.start(executionSink, EXECUTION_LOG_INTERVAL, dispatcherSettings.retention());
            }
        });
    }

    private static ExecutionLog.Sink databaseSink(KeycloakSessionFactory factory) {
        return new ExecutionLog.Sink() {
            @Override
            public void write(List<ExecutionRecord> batch) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> ExecutionStore.of(session).addAll(batch));
            }

            @Override
            public int deleteBefore(long cutoff) {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> ExecutionStore.of(session).deleteBefore(cutoff));
            }
        };
    }

    @Override
    public void close() {
        dispatchers.stop();
        if (executionSink != null) {
            executionLog.stop(executionSink);
        }
        HooksRuntime current = runtime;
        if (current != null) {
            current.calls().shutdownNow();
            for (CallChannel channel : List.of(current.login(), current.webhook())) {
                try {
                    channel.close();
                } catch (java.io.IOException e) {
                    LOG.debug("closing the hook HTTP client of lane " + channel.lane(), e);
                }
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
                .property().name(DISPATCHER_THREADS).type("int").defaultValue(DispatcherSettings.DEFAULT_THREADS)
                .helpText("Worker threads that send webhook requests on this node.").add()
                .property().name(DISPATCHER_INSTANCES).type("int").defaultValue(1)
                .helpText("Independent dispatchers on this node (1-8), each claiming from the outbox on its own; more "
                        + "than one only makes sense to exercise cluster-safe claiming on a single node.").add()
                .property().name(CLAIM_BATCH_SIZE).type("int").defaultValue(DispatcherSettings.DEFAULT_BATCH_SIZE)
                .helpText("Most messages claimed from the outbox in one database round.").add()
                .property().name(LEASE_SECONDS).type("int").defaultValue(DispatcherSettings.DEFAULT_LEASE.toSeconds())
                .helpText("How long a claimed message belongs to this node; after that another node may take it over.").add()
                .property().name(POLL_INTERVAL_MS).type("int").defaultValue(DispatcherSettings.DEFAULT_POLL_INTERVAL.toMillis())
                .helpText("How often the outbox is polled for due retries and for messages written on other nodes.").add()
                .property().name(RETRY_SCHEDULE).type("string").defaultValue(RetrySchedule.DEFAULT_TEXT)
                .helpText("Delays between delivery attempts, e.g. 5s,5m,30m,2h,5h,10h,10h (each varies by 20 % at random).").add()
                .property().name(RETENTION_DAYS).type("int").defaultValue(DispatcherSettings.DEFAULT_RETENTION.toDays())
                .helpText("Days delivered and failed messages stay in the delivery log, and prehook calls in the execution log.").add()
                .property().name(AUTO_DISABLE_AFTER_HOURS).type("int")
                .defaultValue(DispatcherSettings.DEFAULT_AUTO_DISABLE_AFTER.toHours())
                .helpText("A webhook whose every delivery attempt failed for this long is disabled.").add()
                .property().name(LOGIN_CALLS_PER_REALM).type("int").defaultValue(DEFAULT_LOGIN_CALLS_PER_REALM)
                .helpText("Most concurrent prehook and JWT prehook calls of one realm on this node (1-10000); a call "
                        + "over it is refused at once and its hook's fail mode applies.").add()
                .property().name(WEBHOOK_CALLS_PER_REALM).type("int").defaultValue(DEFAULT_WEBHOOK_CALLS_PER_REALM)
                .helpText("Most concurrent webhook calls of one realm on this node (1-10000); a delivery over it is "
                        + "tried again a second later without counting an attempt.").add()
                .property().name(PROXY_RESOLVES_HOST_NAMES).type("boolean").defaultValue(false)
                .helpText("Whether a hook URL with a host name may be called through Keycloak's outgoing proxy, "
                        + "which resolves the name itself, so the destination policy cannot check the address it "
                        + "connects to (DNS rebinding). false: such calls fail; IP-literal URLs still use the proxy.")
                .add()
                .build();
    }
}
