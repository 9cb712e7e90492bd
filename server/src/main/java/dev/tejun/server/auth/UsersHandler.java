package dev.tejun.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/** {@code /api/users}: an admin lists, creates, changes and deletes users. */
public final class UsersHandler {

    public record NewUser(String name, String password, List<String> roles) {}

    /** Each field may be left out; {@code unlock: true} lifts a sign-in lock-out. */
    public record Change(String password, List<String> roles, Boolean disabled, Boolean unlock) {}

    /** A user as the API shows it. */
    public record UserView(String name, List<String> roles, String createdAt, boolean disabled, boolean locked) {}

    private UserView view(User u) {
        return new UserView(
                u.name(),
                u.roles().stream().map(Role::wire).sorted().toList(),
                u.createdAt().toString(),
                users.findAny(u.name()).isPresent() && users.find(u.name()).isEmpty(),
                throttle.locked(u.name()));
    }

    private final UserStore users;
    private final TokenStore tokens;
    private final SignIns signIns;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final LoginThrottle throttle;
    private final OpenSockets sockets;

    public UsersHandler(
            UserStore users,
            TokenStore tokens,
            SignIns signIns,
            LoginThrottle throttle,
            AuditLog audit,
            ObjectMapper json,
            OpenSockets sockets) {
        this.throttle = throttle;
        this.sockets = sockets;
        this.users = users;
        this.tokens = tokens;
        this.signIns = signIns;
        this.audit = audit;
        this.json = json;
    }

    public void list(Context ctx) {
        Set<String> disabled = users.disabled();
        ctx.json(users.list().stream()
                .map(u -> new UserView(
                        u.name(),
                        u.roles().stream().map(Role::wire).sorted().toList(),
                        u.createdAt().toString(),
                        disabled.contains(u.name()),
                        throttle.locked(u.name())))
                .toList());
    }

    public void create(Context ctx) throws Exception {
        NewUser body = RequestBodies.read(ctx, json, NewUser.class);
        User u = guarded(() -> users.create(body.name(), body.password(), roles(body.roles())));
        record(ctx, "user.create", u.name(), null, view(u));
        ctx.status(201).json(view(u));
    }

    public void update(Context ctx) throws Exception {
        String name = name(ctx);
        User before = users.findAny(name).orElseThrow(() -> ApiException.notFound("no user " + name));
        UserView was = view(before);
        Change body = RequestBodies.read(ctx, json, Change.class);
        if (Boolean.TRUE.equals(body.disabled())
                && Access.principal(ctx).map(p -> p.name().equals(name)).orElse(false)) {
            throw ApiException.badRequest("you cannot disable yourself");
        }
        guarded(() -> {
            if (body.disabled() != null) {
                users.setDisabled(name, body.disabled());
            }
            if (Boolean.TRUE.equals(body.unlock())) {
                throttle.unlock(name);
            }
            if (body.roles() != null) {
                users.setRoles(name, roles(body.roles()));
            }
            if (body.password() != null) {
                users.setPassword(name, body.password());
            }
            return null;
        });
        signIns.endAll(name);
        UserView after = view(users.findAny(name).orElseThrow());
        if (after.disabled() || !after.roles().containsAll(was.roles())) {
            // admitted with roles they no longer hold: they reconnect and are checked again
            sockets.closeAll(name, after.disabled() ? "user disabled" : "roles changed; reconnect");
        }
        record(ctx, "user.update", name, was, after);
        ctx.json(after);
    }

    public void delete(Context ctx) throws Exception {
        String name = name(ctx);
        if (Access.principal(ctx).map(p -> p.name().equals(name)).orElse(false)) {
            throw ApiException.badRequest("you cannot delete yourself");
        }
        User before = users.findAny(name).orElseThrow(() -> ApiException.notFound("no user " + name));
        users.delete(name);
        tokens.revokeAll(name);
        signIns.endAll(name);
        sockets.closeAll(name, "user deleted");
        record(ctx, "user.delete", name, view(before), null);
        ctx.status(204);
    }

    /** {@code GET /api/sign-in-locks}: the client addresses whose sign-ins are slowed or locked now. */
    public void addressLocks(Context ctx) {
        ctx.json(throttle.addressLocks());
    }

    /** {@code DELETE /api/sign-in-locks?address=A}: lifts an address's lock, e.g. an office behind one NAT. */
    public void liftAddressLock(Context ctx) throws Exception {
        String address = ctx.queryParam("address");
        if (address == null || address.isBlank() || address.length() > 100) {
            throw ApiException.badRequest("name the address: ?address=…");
        }
        if (!throttle.unlockAddress(address.strip())) {
            throw ApiException.notFound("no sign-in lock for address " + address.strip());
        }
        record(ctx, "signin.unlock", address.strip(), null, null);
        ctx.status(204);
    }

    static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!UserStore.NAME.matcher(name).matches()) {
            throw ApiException.badRequest("not a valid user name");
        }
        return name;
    }

    private void record(Context ctx, String action, String target, Object before, Object after) throws Exception {
        Principal p = Access.principal(ctx).orElseThrow();
        Access.markAudited(ctx);
        java.util.Map<String, Object> change = new java.util.LinkedHashMap<>();
        change.put("before", before);
        change.put("after", after);
        audit.append(p.name(), p.via(), action, target, "ok", ctx.ip(), json.writeValueAsString(change));
    }

    static Set<Role> roles(List<String> names) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        if (names != null) {
            try {
                names.forEach(n -> out.add(Role.holdable(n)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        return out;
    }

    static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
