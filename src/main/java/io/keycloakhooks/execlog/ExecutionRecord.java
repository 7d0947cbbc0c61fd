package io.keycloakhooks.execlog;

/**
 * One prehook call as the execution log keeps it: who it was about ({@code userId}, {@code username} and
 * {@code email}, whichever the trigger knows), what the hook decided ({@code allow}, {@code deny}, {@code failure},
 * or {@code claims} for a {@code jwt} hook), whether the flow went on after the fail mode, and how the call went.
 * Texts are cut to their column sizes.
 */
public record ExecutionRecord(String id, String realmId, String hookId, String trigger, long createdAt, String userId,
        String username, String email, String decision, boolean proceeded, Integer statusCode, long latencyMs,
        String failure, String message) {

    public ExecutionRecord {
        username = cut(username, 255);
        email = cut(email, 255);
        failure = cut(failure, 1000);
        message = cut(message, 500);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
