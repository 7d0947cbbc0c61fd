package io.keycloakhooks.execlog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One prehook call in the execution log (docs/prehooks.md#execution-log). Times are epoch milliseconds. */
@Entity
@Table(name = "HOOKS_EXECUTION")
public class ExecutionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "HOOK_ID", length = 64, nullable = false)
    private String hookId;

    @Column(name = "TRIGGER_NAME", length = 32, nullable = false)
    private String trigger;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "USER_ID", length = 255)
    private String userId;

    @Column(name = "USERNAME", length = 255)
    private String username;

    @Column(name = "EMAIL", length = 255)
    private String email;

    @Column(name = "DECISION", length = 16, nullable = false)
    private String decision;

    @Column(name = "PROCEEDED", nullable = false)
    private boolean proceeded;

    @Column(name = "STATUS_CODE")
    private Integer statusCode;

    @Column(name = "LATENCY_MS", nullable = false)
    private long latencyMs;

    @Column(name = "FAILURE", length = 1000)
    private String failure;

    @Column(name = "MESSAGE", length = 500)
    private String message;

    static ExecutionEntity of(ExecutionRecord r) {
        ExecutionEntity e = new ExecutionEntity();
        e.id = r.id();
        e.realmId = r.realmId();
        e.hookId = r.hookId();
        e.trigger = r.trigger();
        e.createdAt = r.createdAt();
        e.userId = r.userId();
        e.username = r.username();
        e.email = r.email();
        e.decision = r.decision();
        e.proceeded = r.proceeded();
        e.statusCode = r.statusCode();
        e.latencyMs = r.latencyMs();
        e.failure = r.failure();
        e.message = r.message();
        return e;
    }

    ExecutionRecord toRecord() {
        return new ExecutionRecord(id, realmId, hookId, trigger, createdAt, userId, username, email, decision, proceeded,
                statusCode, latencyMs, failure, message);
    }
}
