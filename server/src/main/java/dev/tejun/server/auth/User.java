package dev.tejun.server.auth;

import java.time.Instant;
import java.util.Set;

/** A person (or a robot account) who signs in. The password hash never leaves {@link UserStore}. */
public record User(String name, Set<Role> roles, Instant createdAt) {

    public User {
        roles = Set.copyOf(roles);
    }
}
