package dev.marketplace.user;

import dev.marketplace.api.UsersApi;
import dev.marketplace.api.model.RoleChange;
import dev.marketplace.api.model.User;
import dev.marketplace.api.model.UserCreate;
import dev.marketplace.api.model.UserPage;
import dev.marketplace.api.model.UserPatch;
import dev.marketplace.shared.security.CurrentActor;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController implements UsersApi {

    private final UserService users;
    private final AccountRecoveryService recovery;
    private final CurrentActor actor;

    UserController(UserService users, AccountRecoveryService recovery, CurrentActor actor) {
        this.users = users;
        this.recovery = recovery;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<Void> requestEmailVerification() {
        recovery.requestVerification(actor.require().subject());
        return ResponseEntity.accepted().build();
    }

    @Override
    public ResponseEntity<User> createUser(UserCreate userCreate) {
        User created = users.signUp(userCreate);
        return ResponseEntity.created(URI.create(UsersApi.PATH_GET_USER.replace("{user_id}", created.getId().toString())))
                .body(created);
    }

    @Override
    public ResponseEntity<User> getMe() {
        return ResponseEntity.ok(users.me(actor.require().subject()));
    }

    @Override
    public ResponseEntity<User> updateMe(UserPatch userPatch) {
        return ResponseEntity.ok(users.updateMe(actor.require().subject(), userPatch));
    }

    @Override
    public ResponseEntity<Void> deleteMe() {
        users.deleteMe(actor.require().subject());
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<UserPage> listUsers(Integer limit, String cursor) {
        return ResponseEntity.ok(users.list(limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<User> getUser(UUID userId) {
        return ResponseEntity.ok(users.get(userId));
    }

    @Override
    public ResponseEntity<User> changeUserRole(UUID userId, RoleChange roleChange) {
        return ResponseEntity.ok(users.changeRole(actor.require().subject(), userId, roleChange));
    }
}
