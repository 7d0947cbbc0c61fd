package io.keycloakhooks.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One revision of one hook: the attribute value it stored (secrets in their stored form), or a tombstone when the
 * hook was deleted. The unique key (realm, kind, hook, revision) makes the later of two concurrent writes of one
 * hook fail instead of silently overwriting the earlier.
 */
@Entity
@Table(name = "HOOKS_REVISION")
public class RevisionEntity {

    static final int MAX_HOOK_ID = 255;
    static final int MAX_BY = 255;

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "HOOK_KIND", length = 16, nullable = false)
    private String hookKind;

    @Column(name = "HOOK_ID", length = MAX_HOOK_ID, nullable = false)
    private String hookId;

    @Column(name = "REVISION", nullable = false)
    private long revision;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "BY_USER", length = MAX_BY)
    private String byUser;

    @Column(name = "SOURCE", length = 16, nullable = false)
    private String source;

    @Column(name = "DELETED", nullable = false)
    private boolean deleted;

    @Column(name = "HOOK_VALUE")
    private String value;

    protected RevisionEntity() {
    }

    RevisionEntity(String id, String realmId, String hookKind, String hookId, long revision, long createdAt,
            String byUser, String source, boolean deleted, String value) {
        this.id = id;
        this.realmId = realmId;
        this.hookKind = hookKind;
        this.hookId = hookId;
        this.revision = revision;
        this.createdAt = createdAt;
        this.byUser = byUser;
        this.source = source;
        this.deleted = deleted;
        this.value = value;
    }

    public long getRevision() {
        return revision;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public String getByUser() {
        return byUser;
    }

    public String getSource() {
        return source;
    }

    public boolean isDeleted() {
        return deleted;
    }

    /** The stored attribute value of this revision; null for a tombstone. */
    public String getValue() {
        return value;
    }
}
