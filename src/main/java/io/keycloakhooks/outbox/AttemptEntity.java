package io.keycloakhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One delivery attempt of a message: when, why it ran, what the receiver answered and how long it took. */
@Entity
@Table(name = "HOOKS_ATTEMPT")
public class AttemptEntity {

    private static final String INITIAL = "initial";
    private static final String RETRY = "retry";
    private static final String REDELIVER = "redeliver";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "MESSAGE_ID", length = 36, nullable = false)
    private String messageId;

    @Column(name = "ATTEMPTED_AT", nullable = false)
    private long attemptedAt;

    @Column(name = "TRIGGER_KIND", length = 16, nullable = false)
    private String trigger;

    @Column(name = "STATUS_CODE")
    private Integer statusCode;

    @Column(name = "LATENCY_MS", nullable = false)
    private long latencyMs;

    @Column(name = "ERROR", length = 1000)
    private String error;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getMessageId() {
        return messageId;
    }

    public void setMessageId(String messageId) {
        this.messageId = messageId;
    }

    public long getAttemptedAt() {
        return attemptedAt;
    }

    public void setAttemptedAt(long attemptedAt) {
        this.attemptedAt = attemptedAt;
    }

    public String getTrigger() {
        return trigger;
    }

    public void setTrigger(String trigger) {
        this.trigger = trigger;
    }

    public Integer getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(Integer statusCode) {
        this.statusCode = statusCode;
    }

    public long getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(long latencyMs) {
        this.latencyMs = latencyMs;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    /**
     * Why an attempt runs, from the message's state when it starts: the first one, a scheduled retry, or a retry
     * after a redelivery by hand.
     */
    public static String trigger(int attemptsBefore, int retryStep) {
        if (attemptsBefore <= 0) {
            return INITIAL;
        }
        return retryStep == 0 ? REDELIVER : RETRY;
    }
}
