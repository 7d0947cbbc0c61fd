package io.keycloakhooks.persistence;

import java.util.List;

import io.keycloakhooks.execlog.ExecutionEntity;
import io.keycloakhooks.outbox.AttemptEntity;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.store.RevisionEntity;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Adds the outbox, execution log and hook revision tables to Keycloak's database; Keycloak runs the changelog at start. */
public class HooksJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(MessageEntity.class, AttemptEntity.class, ExecutionEntity.class, RevisionEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/hooks-outbox-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return HooksJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
