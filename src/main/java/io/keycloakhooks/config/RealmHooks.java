package io.keycloakhooks.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jboss.logging.Logger;

/**
 * A realm's hooks, from its attributes (which Keycloak serves from its realm cache). Lookups run on every login,
 * token and event, so each attribute value is parsed once: results are cached by attribute name and raw value, and
 * an unchanged hook costs a map lookup. An invalid hook is skipped and logged once per realm and value.
 */
public final class RealmHooks {

    private static final Logger LOG = Logger.getLogger(RealmHooks.class);

    /**
     * Bound of both caches. Reaching it clears the cache: values change rarely, so this only happens after many
     * edits, and costs a re-parse (and one more log line per invalid hook) rather than an LRU on the hot path.
     */
    static final int MAX_CACHED = 4096;

    private static final ConcurrentMap<CacheKey, ParseResult> PARSED = new ConcurrentHashMap<>();
    private static final Set<ReportKey> REPORTED = ConcurrentHashMap.newKeySet();
    private static final RealmHooks NONE = new RealmHooks(List.of());
    private static final Comparator<PrehookConfig> BY_ORDER_THEN_ID =
            Comparator.comparingInt(PrehookConfig::order).thenComparing(PrehookConfig::id);

    private final List<ParseResult> results;
    private final List<WebhookConfig> webhooks;
    private final List<PrehookConfig> prehooks;

    private RealmHooks(List<ParseResult> results) {
        this.results = results;
        this.webhooks = valid(results, WebhookConfig.class);
        this.prehooks = valid(results, PrehookConfig.class);
    }

    public static RealmHooks from(String realmName, Map<String, String> attributes) {
        return from(realmName, attributes, RealmHooks::logInvalid);
    }

    /** {@code onFirstSight} is told about each invalid hook the first time this realm shows it (tests count it). */
    static RealmHooks from(String realmName, Map<String, String> attributes, InvalidHookListener onFirstSight) {
        List<ParseResult> results = null;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            HookKind kind = HookKind.ofAttributeName(attribute.getKey());
            if (kind != null) {
                if (results == null) {
                    results = new ArrayList<>();
                }
                results.add(parsed(realmName, kind, attribute.getKey(), attribute.getValue(), onFirstSight));
            }
        }
        if (results == null) {
            return NONE;
        }
        results.sort(Comparator.comparing(r -> r.ref().attributeName()));
        return new RealmHooks(List.copyOf(results));
    }

    /** Every hook attribute, valid or not, by attribute name. */
    public List<ParseResult> results() {
        return results;
    }

    /** The valid webhooks, enabled or not, by id. */
    public List<WebhookConfig> webhooks() {
        return webhooks;
    }

    /** The valid prehooks, enabled or not, by id. */
    public List<PrehookConfig> prehooks() {
        return prehooks;
    }

    public Optional<ParseResult> find(HookRef ref) {
        for (ParseResult result : results) {
            if (result.ref().equals(ref)) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** The enabled prehooks of a trigger, by order then id. */
    public List<PrehookConfig> enabledPrehooks(Trigger trigger) {
        return prehooks.stream().filter(p -> p.enabled() && p.trigger() == trigger).sorted(BY_ORDER_THEN_ID).toList();
    }

    private static <T extends HookConfig> List<T> valid(List<ParseResult> results, Class<T> type) {
        // results are sorted by attribute name, and within one kind that is the order of ids
        return results.stream().map(ParseResult::config).filter(type::isInstance).map(type::cast).toList();
    }

    private static ParseResult parsed(String realmName, HookKind kind, String attributeName, String raw,
            InvalidHookListener onFirstSight) {
        CacheKey key = new CacheKey(attributeName, raw);
        ParseResult result = PARSED.get(key);
        if (result == null) {
            HookRef ref = new HookRef(kind, attributeName.substring(kind.attributePrefix().length()));
            result = remember(PARSED, key, HookParser.parse(ref, raw));
        }
        if (!result.valid() && firstSight(new ReportKey(realmName, key))) {
            onFirstSight.invalid(realmName, result);
        }
        return result;
    }

    private static <K, V> V remember(ConcurrentMap<K, V> cache, K key, V value) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        V raced = cache.putIfAbsent(key, value);
        return raced != null ? raced : value;
    }

    /** True for exactly one caller per realm and value, even when threads race. */
    private static boolean firstSight(ReportKey key) {
        if (REPORTED.contains(key)) {
            return false;
        }
        if (REPORTED.size() >= MAX_CACHED) {
            REPORTED.clear();
        }
        return REPORTED.add(key);
    }

    private static void logInvalid(String realmName, ParseResult result) {
        LOG.error(describeInvalid(realmName, result));
    }

    /** Names realm, attribute and field errors; never the value, which may hold a secret. */
    static String describeInvalid(String realmName, ParseResult result) {
        return "realm " + realmName + ": hook attribute " + result.ref().attributeName() + " is invalid and skipped: "
                + String.join("; ", result.errors().stream().map(FieldError::toString).toList());
    }

    /** How many parsed values are cached (tests check the bound). */
    static int cachedValues() {
        return PARSED.size();
    }

    /** Told about an invalid hook. */
    @FunctionalInterface
    interface InvalidHookListener {
        void invalid(String realmName, ParseResult result);
    }

    private record CacheKey(String attributeName, String raw) {
    }

    private record ReportKey(String realmName, CacheKey value) {
    }
}
