package io.keycloakhooks.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * A realm's hooks, from its attributes (which Keycloak serves from its realm cache). Each attribute value is
 * parsed once: results are cached by attribute name and raw value, so an unchanged hook costs a map lookup.
 */
public final class RealmHooks {

    private static final Logger LOG = Logger.getLogger(RealmHooks.class);
    private static final int MAX_CACHED = 10_000;
    private static final Map<CacheKey, ParseResult> PARSED = new ConcurrentHashMap<>();
    private static final RealmHooks NONE = new RealmHooks(List.of());

    private final List<ParseResult> results;

    private RealmHooks(List<ParseResult> results) {
        this.results = results;
    }

    public static RealmHooks from(String realmName, Map<String, String> attributes) {
        List<ParseResult> results = null;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            Optional<HookRef> ref = HookRef.fromAttributeName(attribute.getKey());
            if (ref.isPresent()) {
                if (results == null) {
                    results = new ArrayList<>();
                }
                results.add(parsed(realmName, ref.get(), attribute.getValue()));
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

    public List<WebhookConfig> webhooks() {
        return valid(WebhookConfig.class);
    }

    public List<PrehookConfig> prehooks() {
        return valid(PrehookConfig.class);
    }

    public Optional<ParseResult> find(HookRef ref) {
        return results.stream().filter(r -> r.ref().equals(ref)).findFirst();
    }

    /** The enabled prehooks of a trigger, by order then id. */
    public List<PrehookConfig> enabledPrehooks(Trigger trigger) {
        return prehooks().stream().filter(p -> p.enabled() && p.trigger() == trigger)
                .sorted(Comparator.comparingInt(PrehookConfig::order).thenComparing(PrehookConfig::id)).toList();
    }

    private <T extends HookConfig> List<T> valid(Class<T> type) {
        return results.stream().filter(ParseResult::valid).map(ParseResult::config).filter(type::isInstance)
                .map(type::cast).toList();
    }

    private static ParseResult parsed(String realmName, HookRef ref, String raw) {
        CacheKey key = new CacheKey(ref.attributeName(), raw);
        ParseResult cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        ParseResult result = HookParser.parse(ref, raw);
        if (!result.valid()) {
            LOG.errorf("realm %s: hook attribute %s is invalid and skipped: %s", realmName, ref.attributeName(),
                    String.join("; ", result.errors().stream().map(FieldError::toString).toList()));
        }
        if (PARSED.size() >= MAX_CACHED) {
            PARSED.clear();
        }
        ParseResult raced = PARSED.putIfAbsent(key, result);
        return raced != null ? raced : result;
    }

    private record CacheKey(String attributeName, String raw) {
    }
}
