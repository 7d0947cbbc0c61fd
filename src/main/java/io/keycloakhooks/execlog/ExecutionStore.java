package io.keycloakhooks.execlog;

import java.util.List;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The execution log's queries. */
public final class ExecutionStore {

    private final EntityManager em;

    private ExecutionStore(EntityManager em) {
        this.em = em;
    }

    public static ExecutionStore of(KeycloakSession session) {
        return new ExecutionStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    public void addAll(List<ExecutionRecord> records) {
        records.forEach(r -> em.persist(ExecutionEntity.of(r)));
    }

    /** One prehook's calls, newest first. */
    public List<ExecutionRecord> page(String realmId, String hookId, int first, int max) {
        return em.createQuery("select e from ExecutionEntity e where e.realmId = :realm and e.hookId = :hook"
                        + " order by e.createdAt desc, e.id desc", ExecutionEntity.class)
                .setParameter("realm", realmId)
                .setParameter("hook", hookId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultStream()
                .map(ExecutionEntity::toRecord)
                .toList();
    }

    public int deleteBefore(long cutoff) {
        return em.createQuery("delete from ExecutionEntity e where e.createdAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }
}
