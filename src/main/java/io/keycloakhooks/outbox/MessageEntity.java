package io.keycloakhooks.outbox;

import io.keycloakhooks.text.Utf8Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One webhook message: an envelope for one webhook, written in the transaction of the change that caused it.
 * {@code nextAttemptAt} doubles as the lease: claiming a message moves it to the lease's end, so an expired lease
 * makes the message due again without a separate sweep.
 */
@Entity
@Table(name = "HOOKS_MESSAGE")
public class MessageEntity {

    /** The size of the {@code ISSUER} column. */
    static final int ISSUER_COLUMN = 1024;

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "WEBHOOK_ID", length = 64, nullable = false)
    private String webhookId;

    @Column(name = "EVENT_TYPE", length = 255, nullable = false)
    private String eventType;

    /** The issuer, or for one that {@link #longIssuer} holds, its longest prefix that fits. */
    @Column(name = "ISSUER", length = ISSUER_COLUMN, nullable = false)
    private String issuer;

    /**
     * The issuer when it does not fit {@code ISSUER} as it is: longer than the column, or not plain ASCII (a column
     * counted in bytes, or SQL Server's non-Unicode {@code varchar}, would not keep it intact); null otherwise.
     */
    @Column(name = "LONG_ISSUER")
    private String longIssuer;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "RETRY_STEP", nullable = false)
    private int retryStep;

    @Column(name = "LEASE_TOKEN", length = 36)
    private String leaseToken;

    @Column(name = "FIRST_FAILURE_AT")
    private Long firstFailureAt;

    @Column(name = "DELIVERED_AT")
    private Long deliveredAt;

    @Column(name = "LAST_ERROR", length = 1000)
    private String lastError;

    /** The successful attempt's status code, kept on the message instead of an attempt row; null until delivered. */
    @Column(name = "DELIVERED_STATUS")
    private Integer deliveredStatus;

    @Column(name = "DELIVERED_LATENCY_MS")
    private Long deliveredLatencyMs;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getWebhookId() {
        return webhookId;
    }

    public void setWebhookId(String webhookId) {
        this.webhookId = webhookId;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    /** The full issuer, as the request that caused the event saw it; signed into {@code x-webhook-secret}. */
    public String getIssuer() {
        return longIssuer != null ? longIssuer : issuer;
    }

    /** Keeps the issuer whole, in {@code ISSUER} when it fits as it is, otherwise in {@code LONG_ISSUER}. */
    public void setIssuer(String issuer) {
        boolean fits = issuer.length() <= ISSUER_COLUMN && issuer.chars().allMatch(c -> c < 0x80);
        this.issuer = fits ? issuer : Utf8Text.cut(issuer, ISSUER_COLUMN);
        this.longIssuer = fits ? null : issuer;
    }

    /** What the {@code ISSUER} column holds. */
    String issuerColumn() {
        return issuer;
    }

    /** What the {@code LONG_ISSUER} column holds. */
    String longIssuerColumn() {
        return longIssuer;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(long nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public int getRetryStep() {
        return retryStep;
    }

    public void setRetryStep(int retryStep) {
        this.retryStep = retryStep;
    }

    public String getLeaseToken() {
        return leaseToken;
    }

    public void setLeaseToken(String leaseToken) {
        this.leaseToken = leaseToken;
    }

    public Long getFirstFailureAt() {
        return firstFailureAt;
    }

    public void setFirstFailureAt(Long firstFailureAt) {
        this.firstFailureAt = firstFailureAt;
    }

    public Long getDeliveredAt() {
        return deliveredAt;
    }

    public void setDeliveredAt(Long deliveredAt) {
        this.deliveredAt = deliveredAt;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public Integer getDeliveredStatus() {
        return deliveredStatus;
    }

    public void setDeliveredStatus(Integer deliveredStatus) {
        this.deliveredStatus = deliveredStatus;
    }

    public Long getDeliveredLatencyMs() {
        return deliveredLatencyMs;
    }

    public void setDeliveredLatencyMs(Long deliveredLatencyMs) {
        this.deliveredLatencyMs = deliveredLatencyMs;
    }

    /**
     * The successful attempt, which is kept on the message row (one write per delivery instead of two), as an
     * attempt; null when the message has not been delivered, or was delivered before this was kept on the row.
     */
    public AttemptEntity deliveredAttempt() {
        if (deliveredStatus == null || deliveredAt == null) {
            return null;
        }
        long latency = deliveredLatencyMs == null ? 0 : deliveredLatencyMs;
        AttemptEntity attempt = new AttemptEntity();
        attempt.setMessageId(id);
        attempt.setAttemptedAt(deliveredAt - latency);
        attempt.setTrigger(AttemptEntity.trigger(attempts - 1, retryStep));
        attempt.setStatusCode(deliveredStatus);
        attempt.setLatencyMs(latency);
        return attempt;
    }
}
