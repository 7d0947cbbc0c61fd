package io.keycloakhooks.store;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keycloakhooks.outbox.OutboxStore;
import io.keycloakhooks.config.CredentialMasks;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.secrets.RealmSecrets;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;

/**
 * The one write path for hook configuration. Every writer (admin API, console pages, realm update and import,
 * auto-disable) stores and deletes hooks here: the value is normalized (credentials in their stored form), a value
 * equal to the current one is no change, otherwise it gets the next revision, the realm attribute carries the value
 * with that revision, the history keeps the last {@value #KEPT_REVISIONS} revisions, and the change listeners are
 * told. Deleting leaves a tombstone with the last revision, so revisions never restart for an id.
 */
public final class HookStore {

    public static final int KEPT_REVISIONS = 20;

    private static final Logger LOG = Logger.getLogger(HookStore.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmSecrets secrets;

    private HookStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.secrets = new RealmSecrets(session, realm);
    }

    public static HookStore of(KeycloakSession session, RealmModel realm) {
        return new HookStore(session, realm);
    }

    /** Who wrote: the source and, for admin writes, the admin's user id. */
    public record Writer(WriteSource source, String userId) {
        public static Writer system() {
            return new Writer(WriteSource.SYSTEM, null);
        }
    }

    /** What the store holds for a hook: its live value and revision, or a tombstone (value null). */
    public record State(String value, long revision, boolean known) {
        static final State NONE = new State(null, 0, false);

        public boolean deleted() {
            return known && value == null;
        }
    }

    /**
     * The stored state of a hook: its latest revision, or, for a hook written before revisions existed, the
     * attribute as it is (its revision 0).
     */
    public State state(HookRef ref) {
        return state(ref, realm.getAttribute(ref.attributeName()));
    }

    /** As {@link #state(HookRef)}, with the attribute value to fall back on given (e.g. as it was committed). */
    State state(HookRef ref, String legacyValue) {
        RevisionEntity latest = latest(ref);
        if (latest != null) {
            return new State(latest.isDeleted() ? null : latest.getValue(), latest.getRevision(), true);
        }
        return legacyValue == null ? State.NONE : new State(legacyValue, revisionOrZero(legacyValue), false);
    }

    /**
     * Stores a hook value (with or without a {@code revision}, which is replaced) on top of {@code current}.
     *
     * @return the new revision, or the current one when the value is the same hook as the current one
     */
    public long put(HookRef ref, String value, State current, Writer writer) {
        String normalized = keepDisabledReason(normalize(ref, HookValues.withoutRevision(value)), current);
        if (current.value() != null && HookValues.same(ref, current.value(), normalized, secrets::plainForComparison)) {
            if (!current.value().equals(realm.getAttribute(ref.attributeName()))) {
                realm.setAttribute(ref.attributeName(), current.value());
                changed();
            }
            return current.revision();
        }
        long revision = current.revision() + 1;
        String stored = HookValues.withRevision(normalized, revision);
        realm.setAttribute(ref.attributeName(), stored);
        record(ref, revision, writer, stored);
        changed();
        flushOrConflict(ref); // the listeners' writes too (the console page component)
        return revision;
    }

    public long put(HookRef ref, String value, Writer writer) {
        return put(ref, value, state(ref), writer);
    }

    /** Deletes a hook, leaving a tombstone; false when there was nothing to delete. */
    public boolean delete(HookRef ref, Writer writer) {
        State current = state(ref);
        if (current.value() == null && realm.getAttribute(ref.attributeName()) == null) {
            return false;
        }
        realm.removeAttribute(ref.attributeName());
        record(ref, current.revision() + 1, writer, null);
        if (ref.kind() == HookKind.WEBHOOK) {
            OutboxStore.of(session).retire(realm.getId(), ref.id());
        }
        changed();
        return true;
    }

    /** Puts the stored state back into the attribute (after a realm update changed it); no new revision. */
    void restoreAttribute(HookRef ref, State state) {
        if (state.value() == null) {
            realm.removeAttribute(ref.attributeName());
        } else {
            realm.setAttribute(ref.attributeName(), state.value());
        }
        changed();
    }

    /** The last revisions of a hook, newest first. */
    public List<RevisionEntity> history(HookRef ref) {
        return em().createQuery("select r from RevisionEntity r where r.realmId = :realm and r.hookKind = :kind"
                        + " and r.hookId = :hook order by r.revision desc", RevisionEntity.class)
                .setParameter("realm", realm.getId()).setParameter("kind", ref.kind().name())
                .setParameter("hook", ref.id()).setMaxResults(KEPT_REVISIONS).getResultList();
    }

    /** Forgets every revision of a removed realm. */
    public static void forgetRealm(KeycloakSession session, String realmId) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from RevisionEntity r where r.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
    }

    /**
     * The form a value is stored in: a valid hook as the admin API stores it (every field explicit, secret, header
     * values and URL query values encrypted), keeping a {@code disabledReason} while it is disabled; an invalid one as it was sent.
     */
    private String normalize(HookRef ref, String value) {
        ParseResult parsed = HookParser.parse(ref, value);
        if (!parsed.valid()) {
            return value;
        }
        HookConfig config = parsed.config();
        try {
            config = config.withEndpoint(protect(config.endpoint()));
        } catch (IllegalStateException e) {
            LOG.warnf("realm %s, %s: %s; the credentials stay as they were written", realm.getName(),
                    ref.attributeName(), e.getMessage());
        }
        String stored = HookJson.toAttributeValue(config);
        String reason = HookValues.disabledReason(value);
        return reason != null && !config.enabled() ? HookValues.withDisabledReason(stored, reason) : stored;
    }

    /** The secret, every header value and every URL query value in stored form: encrypted unless a vault reference. */
    private Endpoint protect(Endpoint endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.headers().forEach((name, value) -> headers.put(name, secrets.protect(value)));
        URI url = CredentialMasks.mapQueryValues(endpoint.url(), secrets::protect);
        return new Endpoint(url, secrets.protect(endpoint.secret()), headers, endpoint.timeout());
    }

    /**
     * A write that leaves the hook disabled without giving a reason keeps the current {@code disabledReason}; a
     * write that enables it (an admin re-enabling) drops it.
     */
    private static String keepDisabledReason(String value, State current) {
        String reason = current.value() == null ? null : HookValues.disabledReason(current.value());
        if (reason == null || HookValues.disabledReason(value) != null || !HookValues.disabled(value)) {
            return value;
        }
        return HookValues.withDisabledReason(value, reason);
    }

    private void record(HookRef ref, long revision, Writer writer, String value) {
        String by = writer.userId() == null ? null
                : writer.userId().substring(0, Math.min(writer.userId().length(), RevisionEntity.MAX_BY));
        EntityManager em = em();
        em.persist(new RevisionEntity(UUID.randomUUID().toString(), realm.getId(), ref.kind().name(), ref.id(), revision,
                System.currentTimeMillis(), by, writer.source().value(), value == null, value));
        flushOrConflict(ref);
        em.createQuery("delete from RevisionEntity r where r.realmId = :realm and r.hookKind = :kind"
                        + " and r.hookId = :hook and r.revision <= :oldest")
                .setParameter("realm", realm.getId()).setParameter("kind", ref.kind().name())
                .setParameter("hook", ref.id()).setParameter("oldest", revision - KEPT_REVISIONS).executeUpdate();
    }

    /**
     * Surfaces a concurrent write of the same hook now, as this request's failure and as a conflict (409): the same
     * revision written twice (a duplicate), or the other write's row locks (attribute, revision, page component) held
     * past the database's lock timeout.
     */
    private void flushOrConflict(HookRef ref) {
        try {
            em().flush();
        } catch (RuntimeException e) {
            if (LockConflicts.isLockConflict(e)) {
                throw new ModelDuplicateException(ref.attributeName() + " is being written by another request", e);
            }
            throw e;
        }
    }

    private RevisionEntity latest(HookRef ref) {
        List<RevisionEntity> latest = em().createQuery("select r from RevisionEntity r where r.realmId = :realm"
                        + " and r.hookKind = :kind and r.hookId = :hook order by r.revision desc", RevisionEntity.class)
                .setParameter("realm", realm.getId()).setParameter("kind", ref.kind().name())
                .setParameter("hook", ref.id()).setMaxResults(1).getResultList();
        return latest.isEmpty() ? null : latest.get(0);
    }

    private static long revisionOrZero(String value) {
        Long revision = HookValues.revision(value);
        return revision == null ? 0 : revision;
    }

    private void changed() {
        session.getKeycloakSessionFactory().publish(new HookChangeListener.HooksChanged(session, realm));
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
