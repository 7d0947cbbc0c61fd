package io.keycloakhooks.execlog;

import io.keycloakhooks.text.Utf8Text;

/**
 * One prehook call as the execution log keeps it: who it was about ({@code userId}, {@code username} and
 * {@code email}, whichever the trigger knows), what the hook decided ({@code allow}, {@code deny}, {@code failure},
 * or {@code claims} for a {@code jwt} hook), whether the flow went on after the fail mode, and how the call went.
 * Texts are cut to their column sizes (hooks-outbox-changelog.xml, {@link ExecutionEntity}) in UTF-8 bytes, so a
 * record always fits its row, whatever the hook answered.
 */
public record ExecutionRecord(String id, String realmId, String hookId, String trigger, long createdAt, String userId,
        String username, String email, String decision, boolean proceeded, Integer statusCode, long latencyMs,
        String failure, String message) {

    public ExecutionRecord {
        id = Utf8Text.cut(id, 36);
        realmId = Utf8Text.cut(realmId, 36);
        hookId = Utf8Text.cut(hookId, 64);
        trigger = Utf8Text.cut(trigger, 32);
        userId = Utf8Text.cut(userId, 255);
        username = Utf8Text.cut(username, 255);
        email = Utf8Text.cut(email, 255);
        decision = Utf8Text.cut(decision, 16);
        failure = Utf8Text.cut(failure, 1000);
        message = Utf8Text.cut(message, 500);
    }
}
