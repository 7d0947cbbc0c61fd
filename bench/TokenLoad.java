import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives client_credentials token requests with a fixed number of concurrent clients for a fixed time and prints
 * "<ok> <errors> <tokens per second>". Every response must be 200 and carry an access token, or it counts as an
 * error. Usage: java bench/TokenLoad.java <token-url> <client-id> <secret> <seconds> <concurrency>
 */
public class TokenLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(args[1], StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(args[2], StandardCharsets.UTF_8);
        long seconds = Long.parseLong(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        Thread[] workers = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            workers[i] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("\"access_token\"")) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%d %d %.1f%n", ok.get(), errors.get(), ok.get() / elapsed);
    }
}
