package io.keycloakhooks.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The links in a mail as {@link SmtpReceiver} keeps it: MIME parts decoded (quoted-printable, base64), HTML unescaped. */
final class MailLinks {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\"\\s;]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private MailLinks() {
    }

    /** Every link in the mail, in order, duplicates kept (the text and the HTML part name the same links). */
    static List<String> of(SmtpReceiver.Mail mail) {
        List<String> links = new ArrayList<>();
        for (String body : decodedParts(mail.data())) {
            Matcher matcher = LINK.matcher(body);
            while (matcher.find()) {
                links.add(unescapeHtml(matcher.group()));
            }
        }
        return links;
    }

    /** The first link that contains {@code marker}. */
    static String containing(SmtpReceiver.Mail mail, String marker) {
        return of(mail).stream().filter(link -> link.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no link with " + marker + " in the mail: " + mail.data()));
    }

    /** The HTML part escapes links' characters ({@code &amp;}, {@code &#61;}): undo it. */
    private static String unescapeHtml(String link) {
        Matcher entity = NUMERIC_ENTITY.matcher(link.replace("&amp;", "&"));
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            int code = Integer.parseInt(entity.group(2), entity.group(1).isEmpty() ? 10 : 16);
            entity.appendReplacement(out, Matcher.quoteReplacement(Character.toString(code)));
        }
        return entity.appendTail(out).toString();
    }

    private static List<String> decodedParts(String data) {
        Matcher boundary = BOUNDARY.matcher(data);
        List<String> parts = new ArrayList<>();
        if (!boundary.find()) {
            parts.add(data);
        } else {
            for (String part : data.split(Pattern.quote("--" + boundary.group(1)))) {
                parts.add(part);
            }
        }
        List<String> decoded = new ArrayList<>();
        for (String part : parts) {
            int split = part.indexOf("\n\n");
            String headers = split < 0 ? "" : part.substring(0, split).toLowerCase(Locale.ROOT);
            String body = split < 0 ? part : part.substring(split + 2);
            if (headers.contains("content-transfer-encoding: quoted-printable")) {
                body = quotedPrintable(body);
            } else if (headers.contains("content-transfer-encoding: base64")) {
                body = new String(Base64.getMimeDecoder().decode(body.trim()), StandardCharsets.UTF_8);
            }
            decoded.add(body);
        }
        return decoded;
    }

    private static String quotedPrintable(String body) {
        String joined = body.replace("=\n", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length() && isHex(joined.charAt(i + 1)) && isHex(joined.charAt(i + 2))) {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
