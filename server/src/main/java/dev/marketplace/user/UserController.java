package dev.marketplace.user;

import dev.marketplace.api.UsersApi;
import dev.marketplace.api.model.RoleChangeDto;
import dev.marketplace.api.model.UserCreateDto;
import dev.marketplace.api.model.UserDto;
import dev.marketplace.api.model.UserPageDto;
import dev.marketplace.api.model.UserPatchDto;
import dev.marketplace.shared.security.CurrentActor;
import dev.marketplace.shared.web.CachePolicy;
import dev.marketplace.shared.web.EntityTags;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
    public ResponseEntity<UserDto> createUser(UserCreateDto userCreate) {
        UserDto created = users.signUp(userCreate);
        return ResponseEntity.created(URI.create(UsersApi.PATH_GET_USER.replace(
                        "{user_id}", created.getId().toString())))
                .eTag(tag(created))
                .body(created);
    }

    @Override
    public ResponseEntity<UserDto> getMe(String ifNoneMatch) {
        return conditionalRead(users.me(actor.require().subject()), ifNoneMatch);
    }

    @Override
    public ResponseEntity<UserDto> updateMe(UserPatchDto userPatch, String ifMatch) {
        String subject = actor.require().subject();
        UserDto updated = users.updateMe(subject, userPatch, EntityTags.ifMatch(ifMatch, subject));
        return ResponseEntity.ok().eTag(tag(updated)).body(updated);
    }

    @Override
    public ResponseEntity<Void> deleteMe() {
        users.deleteMe(actor.require().subject());
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<UserPageDto> listUsers(Integer limit, String cursor) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PRIVATE_REVALIDATE)
                .body(users.list(limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<UserDto> getUser(UUID userId, String ifNoneMatch) {
        return conditionalRead(users.get(userId), ifNoneMatch);
    }

    @Override
    public ResponseEntity<UserDto> changeUserRole(UUID userId, RoleChangeDto roleChange) {
        UserDto changed = users.changeRole(actor.require().subject(), userId, roleChange);
        return ResponseEntity.ok().eTag(tag(changed)).body(changed);
    }

    /** Account data: private, revalidated; 304 while the client's ETag is current. */
    private static ResponseEntity<UserDto> conditionalRead(UserDto user, String ifNoneMatch) {
        if (EntityTags.noneMatch(ifNoneMatch, user.getId(), user.getVersion())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(tag(user))
                    .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PRIVATE_REVALIDATE)
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(tag(user))
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PRIVATE_REVALIDATE)
                .body(user);
    }

    private static String tag(UserDto user) {
        return EntityTags.of(user.getId(), user.getVersion());
    }
}
