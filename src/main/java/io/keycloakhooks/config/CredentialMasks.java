package io.keycloakhooks.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Header values and the credentials a URL carries (its userinfo and every query value) are secrets like the hook's
 * {@code secret}: representations show them as the mask, and a masked value written back stands for the stored one,
 * but only while the URL keeps its scheme, host and port, so a stored credential never follows a URL elsewhere.
 */
public final class CredentialMasks {

    private CredentialMasks() {
    }

    /** The hook's URL as shown: every query value masked (a vault reference as it is); path and fragment as they are. */
    public static String maskUrl(Endpoint endpoint) {
        return endpoint.urlReference() != null ? endpoint.urlReference() : maskUrl(endpoint.url());
    }

    /** The URL with its userinfo and every query value masked; path and fragment as they are. */
    public static String maskUrl(URI url) {
        URI masked = mapQueryValues(url, value -> Secrets.MASK);
        return url.getRawUserInfo() == null ? masked.toString() : build(masked, Secrets.MASK, masked.getRawQuery());
    }

    /** A function over one credential value that may fail (e.g. decrypting it). */
    @FunctionalInterface
    public interface ValueFunction<E extends Exception> {
        String apply(String value) throws E;
    }

    /**
     * The URL with {@code f} applied to the raw text of every non-empty query value: how query credentials are
     * masked, encrypted for storing and decrypted for a call. Parameters without a value stay as they are.
     */
    public static <E extends Exception> URI mapQueryValues(URI url, ValueFunction<E> f) throws E {
        String query = url.getRawQuery();
        if (query == null || url.isOpaque()) {
            return url;
        }
        List<String> parts = new ArrayList<>();
        for (String parameter : query.split("&", -1)) {
            int eq = parameter.indexOf('=');
            parts.add(eq < 0 || eq == parameter.length() - 1 ? parameter
                    : parameter.substring(0, eq + 1) + f.apply(parameter.substring(eq + 1)));
        }
        return URI.create(build(url, url.getRawUserInfo(), String.join("&", parts)));
    }

    public static Map<String, String> maskHeaders(Map<String, String> headers) {
        Map<String, String> masked = new LinkedHashMap<>();
        headers.keySet().forEach(name -> masked.put(name, Secrets.MASK));
        return masked;
    }

    /**
     * The written URL with its masked parts replaced by the stored URL's values.
     *
     * @return the error for field {@code url}, or the URL to store
     */
    public static Result unmaskUrl(String written, Optional<URI> stored) {
        if (written == null || !written.contains(Secrets.MASK)) {
            return Result.ok(written);
        }
        URI url;
        try {
            url = new URI(written);
        } catch (java.net.URISyntaxException e) {
            return Result.error("must be an absolute http(s) URL");
        }
        if (stored.isEmpty() || !sameOrigin(url, stored.get())) {
            return Result.error("'" + Secrets.MASK + "' keeps a stored credential only while scheme, host and port stay"
                    + " the same: write the values again");
        }
        String userInfo = url.getRawUserInfo();
        if (Secrets.MASK.equals(userInfo)) {
            userInfo = stored.get().getRawUserInfo();
            if (userInfo == null) {
                return Result.error("the stored URL has no userinfo for '" + Secrets.MASK + "' to keep");
            }
        }
        String query = url.getRawQuery();
        if (query != null) {
            Map<String, List<String>> storedValues = queryValues(stored.get().getRawQuery());
            Map<String, Integer> seen = new HashMap<>();
            List<String> parts = new ArrayList<>();
            for (String parameter : query.split("&", -1)) {
                int eq = parameter.indexOf('=');
                if (eq < 0 || !parameter.substring(eq + 1).equals(Secrets.MASK)) {
                    parts.add(parameter);
                    continue;
                }
                String key = parameter.substring(0, eq);
                int index = seen.merge(key, 1, Integer::sum) - 1;
                List<String> values = storedValues.getOrDefault(key, List.of());
                if (index >= values.size()) {
                    return Result.error("the stored URL has no query value '" + key + "' for '" + Secrets.MASK + "' to keep");
                }
                parts.add(key + "=" + values.get(index));
            }
            query = String.join("&", parts);
        }
        if ((userInfo != null && userInfo.contains(Secrets.MASK)) || (query != null && query.contains(Secrets.MASK))
                || (url.getRawPath() != null && url.getRawPath().contains(Secrets.MASK))) {
            return Result.error("'" + Secrets.MASK + "' stands only for a whole stored userinfo or query value");
        }
        return Result.ok(build(url, userInfo, query));
    }

    /** The stored value of a header written as the mask, or null when there is none to keep. */
    public static String storedHeader(String name, Map<String, String> storedHeaders) {
        for (Map.Entry<String, String> header : storedHeaders.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }

    private static Map<String, List<String>> queryValues(String query) {
        Map<String, List<String>> values = new HashMap<>();
        if (query != null) {
            for (String parameter : query.split("&", -1)) {
                int eq = parameter.indexOf('=');
                if (eq >= 0) {
                    values.computeIfAbsent(parameter.substring(0, eq), k -> new ArrayList<>()).add(parameter.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static String build(URI url, String userInfo, String query) {
        StringBuilder text = new StringBuilder(url.getScheme()).append("://");
        if (userInfo != null) {
            text.append(userInfo).append('@');
        }
        String host = url.getHost();
        text.append(host != null && host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        if (url.getPort() >= 0) {
            text.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            text.append(url.getRawPath());
        }
        if (query != null) {
            text.append('?').append(query);
        }
        if (url.getRawFragment() != null) {
            text.append('#').append(url.getRawFragment());
        }
        return text.toString();
    }

    /** A URL to store, or why the written one cannot be. */
    public record Result(String url, String error) {
        static Result ok(String url) {
            return new Result(url, null);
        }

        static Result error(String error) {
            return new Result(null, error);
        }
    }
}
