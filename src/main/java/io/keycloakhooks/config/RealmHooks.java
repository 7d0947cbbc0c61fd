package io.keycloakhooks.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
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
    private static final Comparator<PrehookConfig> BY_ORDER_THEN_ID =
            Comparator.comparingInt(PrehookConfig::order).thenComparing(PrehookConfig::id);
    private static final RealmHooks NONE = new RealmHooks(List.of());

    /**
     * The last result per realm with the hook attributes it came from: a realm whose hook attributes are the same
     * strings as last time (the realm cache hands out the same ones) gets that result back without sorting and
     * filtering again. Bounded like the parse cache.
     */
    private static final ConcurrentMap<String, Snapshot> LAST = new ConcurrentHashMap<>();

    private final List<ParseResult> results;
    private final List<WebhookConfig> webhooks;
    private final List<PrehookConfig> prehooks;
    private final Map<Trigger, List<PrehookConfig>> enabledByTrigger = new EnumMap<>(Trigger.class);

    private RealmHooks(List<ParseResult> results) {
        this.results = results;
        this.webhooks = valid(results, WebhookConfig.class);
        this.prehooks = valid(results, PrehookConfig.class);
        for (Trigger trigger : Trigger.values()) {
            enabledByTrigger.put(trigger, prehooks.stream().filter(p -> p.enabled() && p.trigger() == trigger)
                    .sorted(BY_ORDER_THEN_ID).toList());
        }
    }

    public static RealmHooks from(String realmName, Map<String, String> attributes) {
        return from(realmName, attributes, RealmHooks::logInvalid);
    }

    /** {@code onFirstSight} is told about each invalid hook the first time this realm shows it (tests count it). */
    static RealmHooks from(String realmName, Map<String, String> attributes, InvalidHookListener onFirstSight) {
        List<String> hookAttributes = null; // name, value, name, value, ...
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (HookKind.ofAttributeName(attribute.getKey()) != null) {
                if (hookAttributes == null) {
                    hookAttributes = new ArrayList<>();
                }
                hookAttributes.add(attribute.getKey());
                hookAttributes.add(attribute.getValue());
            }
        }
        if (hookAttributes == null) {
            return NONE;
        }
        Snapshot last = LAST.get(realmName);
        if (last != null && last.attributes().equals(hookAttributes)) {
            return last.hooks();
        }
        List<ParseResult> results = new ArrayList<>(hookAttributes.size() / 2);
        for (int i = 0; i < hookAttributes.size(); i += 2) {
            String name = hookAttributes.get(i);
            results.add(parsed(realmName, HookKind.ofAttributeName(name), name, hookAttributes.get(i + 1), onFirstSight));
        }
        results.sort(Comparator.comparing(r -> r.ref().attributeName()));
        RealmHooks hooks = new RealmHooks(List.copyOf(results));
        if (LAST.size() >= MAX_CACHED) {
            LAST.clear();
        }
        LAST.put(realmName, new Snapshot(hookAttributes, hooks));
        return hooks;
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
        return enabledByTrigger.get(trigger);
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

    /** A realm's hook attributes in the map's order (name, value, name, value, …) and what they gave. */
    private record Snapshot(List<String> attributes, RealmHooks hooks) {
    }

    private record ReportKey(String realmName, CacheKey value) {
    }
}
