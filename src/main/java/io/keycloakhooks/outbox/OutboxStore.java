package io.keycloakhooks.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox queries. Claiming is one conditional bulk update that moves due messages' next attempt to the end of
 * a lease and stamps them with a fresh token, then a read of the stamped rows: two nodes that race for the same
 * rows cannot both win, on any database, because the losing update no longer matches {@code nextAttemptAt <= now}.
 */
public final class OutboxStore {

    private static final String PENDING = MessageStatus.PENDING.value();

    private static final Map<Class<?>, String> TABLES = new ConcurrentHashMap<>();

    private final EntityManager em;

    public OutboxStore(EntityManager em) {
        this.em = em;
    }

    /** The outbox in the session's transaction. */
    public static OutboxStore of(KeycloakSession session) {
        return new OutboxStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /**
     * Inserts a new message. Plain JDBC on the transaction's connection, here and for the dispatcher's bookkeeping
     * below: these run for every event and every delivery, and Hibernate's persist, flush and query translation of
     * rows that nothing reads back in the same transaction cost more than the database's own work. No column can
     * overflow on the event's input: ids, type, status and lease token are bounded by construction (Keycloak's realm
     * id column, webhook ids of at most 64 characters of {@code [a-z0-9_-]}, catalogue and Keycloak enum names, UUIDs),
     * the issuer is kept whole ({@link MessageEntity#setIssuer}), and the payload column is unbounded text on every
     * database the changelog knows.
     */
    public void add(MessageEntity m) {
        batch("insert into " + table(MessageEntity.class) + " (ID, REALM_ID, WEBHOOK_ID, EVENT_TYPE, ISSUER, LONG_ISSUER,"
                + " PAYLOAD, STATUS, CREATED_AT, NEXT_ATTEMPT_AT, ATTEMPTS, RETRY_STEP, LEASE_TOKEN)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", List.of(m), (insert, message) -> {
                    insert.setString(1, message.getId());
                    insert.setString(2, message.getRealmId());
                    insert.setString(3, message.getWebhookId());
                    insert.setString(4, message.getEventType());
                    insert.setString(5, message.issuerColumn());
                    insert.setString(6, message.longIssuerColumn());
                    insert.setString(7, message.getPayload());
                    insert.setString(8, message.getStatus());
                    insert.setLong(9, message.getCreatedAt());
                    insert.setLong(10, message.getNextAttemptAt());
                    insert.setInt(11, message.getAttempts());
                    insert.setInt(12, message.getRetryStep());
                    insert.setString(13, message.getLeaseToken());
                });
    }

    /** The database's current time, in epoch milliseconds (leases are compared on it across nodes). */
    public long databaseMillis() {
        return em.createQuery("select instant", java.time.Instant.class).getSingleResult().toEpochMilli();
    }

    /**
     * Claims up to {@code max} due messages until {@code leaseUntil}, none of the realms in {@code skipRealms};
     * returns them with their lease token set.
     */
    public List<MessageEntity> claim(long now, int max, long leaseUntil, Set<String> skipRealms) {
        // Ordered like the due index (status, next attempt), so that databases that only use an index for ORDER BY
        // when its leading columns match (H2) read just the first rows instead of sorting the whole backlog.
        var dueQuery = em.createQuery("select m.id from MessageEntity m where m.status = :pending"
                        + " and m.nextAttemptAt <= :now" + (skipRealms.isEmpty() ? "" : " and m.realmId not in :skip")
                        + " order by m.status, m.nextAttemptAt", String.class)
                .setParameter("pending", PENDING)
                .setParameter("now", now)
                .setMaxResults(max);
        if (!skipRealms.isEmpty()) {
            dueQuery.setParameter("skip", skipRealms);
        }
        List<String> due = dueQuery.getResultList();
        if (due.isEmpty()) {
            return List.of();
        }
        String token = UUID.randomUUID().toString();
        int claimed = em.createQuery("update MessageEntity m set m.leaseToken = :token, m.nextAttemptAt = :leaseUntil"
                        + " where m.id in :ids and m.status = :pending and m.nextAttemptAt <= :now")
                .setParameter("token", token)
                .setParameter("leaseUntil", leaseUntil)
                .setParameter("ids", due)
                .setParameter("pending", PENDING)
                .setParameter("now", now)
                .executeUpdate();
        if (claimed == 0) {
            return List.of();
        }
        return em.createQuery("select m from MessageEntity m where m.id in :ids and m.leaseToken = :token",
                        MessageEntity.class)
                .setParameter("ids", due)
                .setParameter("token", token)
                .getResultList();
    }

    /**
     * The messages that the given leases still hold, by id, in one query; a message whose lease expired and was
     * taken over by another worker is left out.
     */
    public Map<String, MessageEntity> leased(Map<String, String> leaseTokenByMessageId) {
        if (leaseTokenByMessageId.isEmpty()) {
            return Map.of();
        }
        Map<String, MessageEntity> held = new HashMap<>();
        em.createQuery("select m from MessageEntity m where m.id in :ids", MessageEntity.class)
                .setParameter("ids", leaseTokenByMessageId.keySet())
                .getResultList()
                .stream()
                .filter(m -> m.getLeaseToken() != null && m.getLeaseToken().equals(leaseTokenByMessageId.get(m.getId())))
                .forEach(m -> held.put(m.getId(), m));
        return held;
    }

    /** A successful attempt of a leased message: what the receiver answered, how fast, and when. */
    public record Delivery(String messageId, String leaseToken, int statusCode, long latencyMs, long answeredAt) {
    }

    /**
     * Marks as delivered those of the messages that their lease still holds, keeping the successful attempt on the
     * message row; a message whose lease ran out and was taken over, or that was queued again by hand meanwhile,
     * is left as it is.
     */
    public void markDelivered(List<Delivery> deliveries) {
        batch("update " + table(MessageEntity.class) + " set STATUS = ?, DELIVERED_AT = ?, DELIVERED_STATUS = ?,"
                        + " DELIVERED_LATENCY_MS = ?, LEASE_TOKEN = null, ATTEMPTS = ATTEMPTS + 1, LAST_ERROR = null"
                        + " where ID = ? and LEASE_TOKEN = ?",
                deliveries, (update, delivery) -> {
                    update.setString(1, MessageStatus.DELIVERED.value());
                    update.setLong(2, delivery.answeredAt());
                    update.setInt(3, delivery.statusCode());
                    update.setLong(4, delivery.latencyMs());
                    update.setString(5, delivery.messageId());
                    update.setString(6, delivery.leaseToken());
                });
    }

    public void addAttempts(List<AttemptEntity> attempts) {
        batch("insert into " + table(AttemptEntity.class) + " (ID, MESSAGE_ID, ATTEMPTED_AT, TRIGGER_KIND,"
                + " STATUS_CODE, LATENCY_MS, ERROR) values (?, ?, ?, ?, ?, ?, ?)", attempts, (insert, attempt) -> {
                    insert.setString(1, attempt.getId());
                    insert.setString(2, attempt.getMessageId());
                    insert.setLong(3, attempt.getAttemptedAt());
                    insert.setString(4, attempt.getTrigger());
                    insert.setObject(5, attempt.getStatusCode(), Types.INTEGER);
                    insert.setLong(6, attempt.getLatencyMs());
                    insert.setString(7, attempt.getError());
                });
    }

    private <T> void batch(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (rows.size() == 1) {
                    binder.bind(statement, rows.get(0));
                    statement.executeUpdate();
                    return;
                }
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** An entity's table as Hibernate renders it (with the schema Keycloak is configured with, if any). */
    private String table(Class<?> entity) {
        return TABLES.computeIfAbsent(entity, type -> em.getEntityManagerFactory()
                .unwrap(SessionFactoryImplementor.class).getMappingMetamodel().getEntityDescriptor(type).getTableName());
    }

    /** When the webhook last delivered a message, or 0. */
    public long lastDelivery(String realmId, String webhookId) {
        Long last = em.createQuery("select max(m.deliveredAt) from MessageEntity m"
                        + " where m.realmId = :realm and m.webhookId = :webhook", Long.class)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .getSingleResult();
        return last == null ? 0 : last;
    }

    /** The first failure of the webhook's oldest message that has failed since {@code since}, or null. */
    public Long oldestFailureSince(String realmId, String webhookId, long since) {
        return em.createQuery("select min(m.firstFailureAt) from MessageEntity m where m.realmId = :realm"
                        + " and m.webhookId = :webhook and m.firstFailureAt > :since", Long.class)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .setParameter("since", since)
                .getSingleResult();
    }

    /** A webhook's messages, newest first; {@code status} null for all. */
    public List<MessageEntity> messages(String realmId, String webhookId, MessageStatus status, int first, int max) {
        String filter = status == null ? "" : " and m.status = :status";
        var query = em.createQuery("select m from MessageEntity m where m.realmId = :realm and m.webhookId = :webhook"
                        + filter + " order by m.createdAt desc, m.id", MessageEntity.class)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .setFirstResult(first)
                .setMaxResults(max);
        if (status != null) {
            query.setParameter("status", status.value());
        }
        return query.getResultList();
    }

    public List<AttemptEntity> attempts(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select a from AttemptEntity a where a.messageId in :ids order by a.attemptedAt",
                        AttemptEntity.class)
                .setParameter("ids", messageIds)
                .getResultList();
    }

    /**
     * Queues a message again with a fresh retry schedule; false when the webhook has no such message. A delivered
     * message's successful attempt moves from the message row to an attempt row first, so the log keeps it.
     */
    public boolean redeliver(String realmId, String webhookId, String messageId, long now) {
        List<MessageEntity> found = em.createQuery("select m from MessageEntity m where m.id = :id"
                        + " and m.realmId = :realm and m.webhookId = :webhook", MessageEntity.class)
                .setParameter("id", messageId)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .getResultList();
        if (found.isEmpty()) {
            return false;
        }
        MessageEntity message = found.get(0);
        AttemptEntity delivered = message.deliveredAttempt();
        if (delivered != null) {
            delivered.setId(TimeOrderedIds.next());
            em.persist(delivered);
            message.setDeliveredStatus(null);
            message.setDeliveredLatencyMs(null);
        }
        message.setStatus(PENDING);
        message.setNextAttemptAt(now);
        message.setRetryStep(0);
        message.setLeaseToken(null);
        return true;
    }

    /**
     * Retires the messages of a deleted webhook: they move to an id no hook can have (hook ids are
     * {@code [a-z0-9_-]}), so a later webhook of the same id never sends, lists or redelivers them, and the pending
     * ones fail with the reason. An attempt in flight still records its result (its lease token is kept); a retry it
     * asks for finds no webhook and fails. Retention deletes retired messages like other finished ones.
     */
    public int retire(String realmId, String webhookId) {
        String retired = ("~" + webhookId).substring(0, Math.min(64, webhookId.length() + 1));
        int pending = em.createQuery("update MessageEntity m set m.webhookId = :retired, m.status = :failed,"
                        + " m.lastError = :reason where m.realmId = :realm and m.webhookId = :webhook"
                        + " and m.status = :pending")
                .setParameter("retired", retired)
                .setParameter("failed", MessageStatus.FAILED.value())
                .setParameter("reason", "the webhook was deleted")
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .setParameter("pending", PENDING)
                .executeUpdate();
        em.createQuery("update MessageEntity m set m.webhookId = :retired where m.realmId = :realm"
                        + " and m.webhookId = :webhook")
                .setParameter("retired", retired)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .executeUpdate();
        return pending;
    }

    /** Queues every failed message of the webhook created at or after {@code since}; returns how many. */
    public int redeliverFailed(String realmId, String webhookId, long since, long now) {
        return em.createQuery("update MessageEntity m set m.status = :pending, m.nextAttemptAt = :now,"
                        + " m.retryStep = 0, m.leaseToken = null where m.realmId = :realm and m.webhookId = :webhook"
                        + " and m.status = :failed and m.createdAt >= :since")
                .setParameter("pending", PENDING)
                .setParameter("now", now)
                .setParameter("realm", realmId)
                .setParameter("webhook", webhookId)
                .setParameter("failed", MessageStatus.FAILED.value())
                .setParameter("since", since)
                .executeUpdate();
    }

    /**
     * Deletes delivered and failed messages whose last attempt was scheduled before {@code before}, with their
     * attempts; returns how many. The due-claim index (status, next attempt) finds them, so no index on the
     * creation time has to be kept up on every write.
     */
    public int deleteFinishedBefore(long before) {
        List<String> finished = List.of(MessageStatus.DELIVERED.value(), MessageStatus.FAILED.value());
        em.createQuery("delete from AttemptEntity a where a.messageId in (select m.id from MessageEntity m"
                        + " where m.status in :finished and m.nextAttemptAt < :before)")
                .setParameter("finished", finished)
                .setParameter("before", before)
                .executeUpdate();
        return em.createQuery("delete from MessageEntity m where m.status in :finished and m.nextAttemptAt < :before")
                .setParameter("finished", finished)
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Pending messages: the backlog. */
    public long backlog() {
        return em.createQuery("select count(m) from MessageEntity m where m.status = :pending", Long.class)
                .setParameter("pending", PENDING)
                .getSingleResult();
    }
}
