package dev.homebase.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.RecordIds;
import dev.homebase.server.entity.RecordListener;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.mail.Mail;
import dev.homebase.server.mail.Mailer;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account flows: register, verify the email code, log in, resend the code, reset and change
 * the password, invite, read and update the current user, and the admin bootstrap. Speaks domain
 * (throws {@link AuthException}); the web layer maps it to HTTP. Thread-safe.
 *
 * <p>Security measures, all deliberate: unknown emails still pay for a password hash (login) and
 * get the same answers as known ones (resend, reset request); mail goes out on a background
 * thread so answer times do not reveal whether a message was sent; codes and tokens are stored
 * hashed and compared in constant time; a password change or reset revokes every older token.
 */
public final class AccountService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /** The purpose of e-mail verification codes. */
    static final String VERIFY_EMAIL = "verify_email";
    /** How long a password-reset link is valid. */
    public static final Duration RESET_TTL = Duration.ofHours(1);
    /** How long an invitation link is valid. */
    public static final Duration INVITE_TTL = Duration.ofDays(7);
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Expired codes and tokens are kept this long (for support questions), then deleted. */
    private static final long PURGE_AFTER_MILLIS = Duration.ofDays(1).toMillis();

    /** A successful sign-in: a fresh access token and the user. */
    public record SignedIn(String accessToken, UserRecord user) {}

    /** What a disabled user is told, once they have proven who they are (never before: no account enumeration). */
    public static final String DISABLED_MESSAGE = "This account is disabled";

    private enum CodeCheck { OK, INVALID, EXPIRED, TOO_MANY, DISABLED }

    private record CodeOutcome(CodeCheck check, UserRecord user, boolean created) {}

    private record Invited(boolean needsPassword, UserRecord created) {}

    private final Database db;
    private final UserStore users;
    /** Evaluates the User schema's conditional field rules against a user (see {@link UserFields}). */
    private final RecordStore records;
    private final Passwords passwords;
    private final OneTimeCodes codes;
    private final TokenService tokens;
    private final Mailer mailer;
    private final Clock clock;
    private final RecordIds ids;
    private final Timestamps timestamps;
    private final Function<String, String> appNames;
    private final Supplier<String> baseUrl;
    private final RecordListener listener;
    private final ExecutorService mailQueue = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param appNames display name of an app, by id (for mail)
     * @param baseUrl the URL users reach the app at (for links in mail), without a trailing slash
     * @param listener hears every committed change to a user, as a change to the built-in {@code User} entity in
     *     the {@code prod} environment with the public User record (realtime delivery)
     */
    public AccountService(Database db, UserStore users, Passwords passwords, OneTimeCodes codes, TokenService tokens,
                          Mailer mailer, Clock clock, Function<String, String> appNames, Supplier<String> baseUrl,
                          RecordListener listener) {
        this.db = db;
        this.users = users;
        this.records = new RecordStore(db.dialect());
        this.passwords = passwords;
        this.codes = codes;
        this.tokens = tokens;
        this.mailer = mailer;
        this.clock = clock;
        this.ids = new RecordIds(clock);
        this.timestamps = new Timestamps(clock);
        this.appNames = appNames;
        this.baseUrl = baseUrl;
        this.listener = listener;
    }

    /**
     * Starts a registration: stores the password hash with a new 6-digit code and mails the code.
     * Registering again before verifying issues a new code. Returns the id the user will have.
     *
     * @throws AuthException 400 for a bad email or weak password, or when a verified user exists
     */
    public String register(String appId, String rawEmail, String password) {
        String email = email(rawEmail);
        Passwords.weakness(password).ifPresent(w -> { throw AuthException.invalid("weak_password", w); });
        String hash = passwords.hash(password); // outside the transaction: hashing is slow
        String code = codes.newCode();
        long now = clock.millis();
        String userId = db.inTx(c -> {
            users.purgeExpired(c, now - PURGE_AFTER_MILLIS);
            Optional<UserRecord> existing = users.findByEmail(c, appId, email);
            if (existing.isPresent() && existing.get().verified()) return null;
            String id = existing.map(UserRecord::id)
                    .or(() -> findCode(c, appId, email).map(UserStore.PendingCode::userId))
                    .orElseGet(ids::next);
            users.putCode(c, appId, VERIFY_EMAIL, new UserStore.PendingCode(email, OneTimeCodes.hash(code), id, hash, 0,
                    now + OneTimeCodes.CODE_TTL.toMillis()), now);
            return id;
        });
        if (userId == null) throw AuthException.invalid("user_exists", "A user with this email already exists");
        sendCode(appId, email, code);
        return userId;
    }

    /**
     * Checks an e-mail code; on success creates (or completes) the verified user and signs in.
     *
     * @throws AuthException 400 for a wrong, used or expired code; 429 after too many wrong tries; 403 when the
     *     account is disabled (said only after a right code)
     */
    public SignedIn verifyEmail(String appId, String rawEmail, String code) {
        String email = Emails.normalize(rawEmail).orElse("");
        long now = clock.millis();
        // The failed-try count must be committed, so the transaction returns an outcome instead of throwing.
        CodeOutcome outcome = db.inTx(c -> {
            Optional<UserStore.PendingCode> pending = users.findCode(c, appId, email, VERIFY_EMAIL);
            if (pending.isEmpty()) return new CodeOutcome(CodeCheck.INVALID, null, false);
            UserStore.PendingCode p = pending.get();
            if (p.attempts() >= OneTimeCodes.MAX_ATTEMPTS) return new CodeOutcome(CodeCheck.TOO_MANY, null, false);
            if (now >= p.expiresAt()) return new CodeOutcome(CodeCheck.EXPIRED, null, false);
            if (!OneTimeCodes.matches(code, p.codeHash())) {
                int tries = users.addFailedAttempt(c, appId, email, VERIFY_EMAIL);
                return new CodeOutcome(tries >= OneTimeCodes.MAX_ATTEMPTS ? CodeCheck.TOO_MANY : CodeCheck.INVALID, null, false);
            }
            String stamp = timestamps.now();
            Optional<UserRecord> existing = users.findByEmail(c, appId, email);
            // The right code proves the address: only now may the answer say the account is disabled. Nothing changes.
            if (existing.isPresent() && existing.get().isDisabled()) return new CodeOutcome(CodeCheck.DISABLED, null, false);
            if (existing.isPresent()) {
                users.setPassword(c, appId, existing.get().id(), p.passwordHash(), stamp);
            } else {
                users.insert(c, new UserRecord(appId, p.userId(), email, localPart(email), "user", p.passwordHash(), true,
                        null, null, 0, stamp, stamp));
            }
            users.deleteCode(c, appId, email, VERIFY_EMAIL);
            return new CodeOutcome(CodeCheck.OK, users.findByEmail(c, appId, email).orElseThrow(), existing.isEmpty());
        });
        if (outcome.check() == CodeCheck.OK) changed(outcome.created() ? "create" : "update", outcome.user());
        return switch (outcome.check()) {
            case OK -> new SignedIn(tokens.issueUser(outcome.user()), outcome.user());
            case INVALID -> throw AuthException.invalid("invalid_code", "Invalid verification code");
            case EXPIRED -> throw AuthException.invalid("code_expired", "Verification code has expired");
            // The code is spent for good; a new one (resend-otp) may be asked for right away.
            case TOO_MANY -> throw new AuthException(AuthException.Kind.TOO_MANY, "too_many_attempts",
                    "Too many attempts. Please request a new verification code.", 0);
            case DISABLED -> throw disabled();
        };
    }

    /**
     * Signs in with email and password.
     *
     * @throws AuthException 400 for any wrong email/password pair (one message for all), 403 for
     *     an unverified or disabled account
     */
    public SignedIn login(String appId, String rawEmail, String password) {
        Optional<String> email = Emails.normalize(rawEmail);
        Optional<UserRecord> user = email.isEmpty() ? Optional.empty() : db.read(c -> users.findByEmail(c, appId, email.get()));
        // Always one hash, also for unknown emails: the answer time must not reveal accounts.
        boolean ok = passwords.verify(password, user.map(UserRecord::passwordHash).orElse(null));
        if (!ok) throw AuthException.invalid("invalid_credentials", "Invalid email or password");
        UserRecord u = user.orElseThrow();
        if (u.isDisabled()) throw disabled(); // after the password check: a wrong one gets the usual answer
        if (!u.verified()) throw new AuthException(AuthException.Kind.FORBIDDEN, "email_not_verified", "Email not verified");
        return new SignedIn(tokens.issueUser(u), u);
    }

    /**
     * Sends a new code to a pending registration. Answers the same whether or not one exists.
     */
    public void resendCode(String appId, String rawEmail) {
        Optional<String> email = Emails.normalize(rawEmail);
        if (email.isEmpty()) return;
        String code = codes.newCode();
        long now = clock.millis();
        boolean pending = db.inTx(c -> {
            Optional<UserStore.PendingCode> p = users.findCode(c, appId, email.get(), VERIFY_EMAIL);
            if (p.isEmpty()) return false;
            users.putCode(c, appId, VERIFY_EMAIL, new UserStore.PendingCode(email.get(), OneTimeCodes.hash(code),
                    p.get().userId(), p.get().passwordHash(), 0, now + OneTimeCodes.CODE_TTL.toMillis()), now);
            return true;
        });
        if (pending) sendCode(appId, email.get(), code);
    }

    /** Mails a reset link to the user with this email, if there is one. Answers the same either way. */
    public void requestReset(String appId, String rawEmail) {
        Optional<String> email = Emails.normalize(rawEmail);
        if (email.isEmpty()) return;
        String token = codes.newToken();
        long now = clock.millis();
        boolean exists = db.inTx(c -> {
            users.purgeExpired(c, now - PURGE_AFTER_MILLIS);
            Optional<UserRecord> u = users.findByEmail(c, appId, email.get());
            if (u.isEmpty() || u.get().isDisabled()) return false;
            users.putResetToken(c, appId, OneTimeCodes.hash(token), u.get().id(), now + RESET_TTL.toMillis());
            return true;
        });
        if (!exists) return;
        String app = appNames.apply(appId);
        sendLater(new Mail(email.get(), "Reset your " + app + " password",
                "Someone asked to reset the password of your " + app + " account.\n\n"
                        + "Open this link within " + RESET_TTL.toMinutes() + " minutes to choose a new password:\n"
                        + link(appId, token) + "\n\nOr use this reset token: " + token + "\n\n"
                        + "If it was not you, ignore this message; your password stays as it is.\n"));
    }

    /**
     * Sets a new password with a reset (or invitation) token. The token works once; the email
     * counts as verified; every older access token stops working.
     *
     * @throws AuthException 400 for a weak password or an invalid, used or expired token; 403 when the account is disabled
     */
    public UserRecord resetPassword(String appId, String token, String newPassword) {
        Passwords.weakness(newPassword).ifPresent(w -> { throw AuthException.invalid("weak_password", w); });
        if (token == null || token.isBlank()) throw AuthException.invalid("reset_token_invalid", "Reset token invalid");
        String tokenHash = OneTimeCodes.hash(token.strip());
        long now = clock.millis();
        UserStore.ResetToken found = db.read(c -> users.findResetToken(c, appId, tokenHash))
                .filter(t -> t.usedAt() == null)
                .orElseThrow(() -> AuthException.invalid("reset_token_invalid", "Reset token invalid"));
        if (now >= found.expiresAt()) throw AuthException.invalid("reset_token_expired", "Reset token expired");
        String hash = passwords.hash(newPassword);
        record Outcome(UserRecord user, boolean disabled) {}
        Outcome outcome = db.inTx(c -> {
            // A valid token proves who the caller is; a disabled account keeps its password and the token stays unused.
            Optional<UserRecord> owner = users.findById(c, appId, found.userId());
            if (owner.isPresent() && owner.get().isDisabled()) return new Outcome(null, true);
            if (!users.useResetToken(c, tokenHash, now)) return new Outcome(null, false); // used by a concurrent request
            users.setPassword(c, appId, found.userId(), hash, timestamps.now());
            users.revokeResetTokens(c, appId, found.userId(), now);
            return new Outcome(users.findById(c, appId, found.userId()).orElse(null), false);
        });
        if (outcome.disabled()) throw disabled();
        UserRecord updated = outcome.user();
        if (updated == null) throw AuthException.invalid("reset_token_invalid", "Reset token invalid");
        changed("update", updated);
        return updated;
    }

    /**
     * Changes the caller's password and returns a new access token; every older token stops working.
     *
     * @throws AuthException 403 when {@code userId} is not the caller, 400 for a wrong current
     *     password or a weak new one
     */
    public SignedIn changePassword(String appId, Principal.User caller, String userId, String current, String next) {
        if (userId == null || !userId.equals(caller.id())) {
            throw new AuthException(AuthException.Kind.FORBIDDEN, "forbidden", "You can only change your own password");
        }
        Passwords.weakness(next).ifPresent(w -> { throw AuthException.invalid("weak_password", w); });
        UserRecord u = db.read(c -> users.findById(c, appId, userId)).orElseThrow(AuthException::unauthorized);
        if (!passwords.verify(current, u.passwordHash())) {
            throw AuthException.invalid("wrong_password", "Current password is incorrect");
        }
        String hash = passwords.hash(next);
        long now = clock.millis();
        UserRecord updated = db.inTx(c -> {
            users.setPassword(c, appId, userId, hash, timestamps.now());
            users.revokeResetTokens(c, appId, userId, now);
            return users.findById(c, appId, userId).orElseThrow();
        });
        changed("update", updated);
        return new SignedIn(tokens.issueUser(updated), updated);
    }

    /**
     * Invites {@code rawEmail} with {@code role}: creates an unverified user without a password
     * and mails a link to choose one. Inviting an existing user sends the invitation again.
     *
     * @throws AuthException 400 for a bad email or role
     */
    public void invite(String appId, String rawEmail, String role) {
        String email = email(rawEmail);
        if (role == null || !ROLE.matcher(role).matches()) throw AuthException.invalid("invalid_role", "Invalid role");
        String token = codes.newToken();
        long now = clock.millis();
        Invited invited = db.inTx(c -> {
            Optional<UserRecord> existing = users.findByEmail(c, appId, email);
            UserRecord created = null;
            String id;
            if (existing.isPresent()) {
                if (existing.get().verified() && existing.get().passwordHash() != null) return new Invited(false, null);
                id = existing.get().id();
            } else {
                id = ids.next();
                String stamp = timestamps.now();
                created = new UserRecord(appId, id, email, localPart(email), role, null, false, null, null, 0, stamp, stamp);
                users.insert(c, created);
            }
            users.putResetToken(c, appId, OneTimeCodes.hash(token), id, now + INVITE_TTL.toMillis());
            return new Invited(true, created);
        });
        if (invited.created() != null) changed("create", invited.created());
        boolean needsPassword = invited.needsPassword();
        String app = appNames.apply(appId);
        String text = "You have been invited to " + app + ".\n\n" + (needsPassword
                ? "Open this link within " + INVITE_TTL.toDays() + " days to choose your password:\n" + link(appId, token)
                        + "\n\nOr use this token to set your password: " + token + "\n"
                : "Sign in with your existing account at " + baseUrl.get() + "/\n");
        sendLater(new Mail(email, "You are invited to " + app, text));
    }

    /** A sign-in through a social-login provider: the session, and whether the user was created just now. */
    public record ProviderSignIn(SignedIn signedIn, boolean newUser) {}

    /**
     * Signs in the user whose address a social-login provider has verified: found by email, or
     * created (verified, role {@code user}, no password) when absent. An invited user who had not
     * chosen a password yet becomes verified.
     *
     * @param fullName the name the provider gave, or null (the part before {@code @} is used)
     * @throws AuthException 400 for an address that is not valid, 403 for a disabled account
     */
    public ProviderSignIn signInWithProvider(String appId, String rawEmail, String fullName) {
        String email = email(rawEmail);
        String name = fullName == null || fullName.isBlank() ? localPart(email) : fullName.strip();
        record Outcome(UserRecord user, boolean created) {}
        Outcome out = db.inTx(c -> {
            Optional<UserRecord> existing = users.findByEmail(c, appId, email);
            String stamp = timestamps.now();
            if (existing.isEmpty()) {
                users.insert(c, new UserRecord(appId, ids.next(), email, name.length() > 200 ? name.substring(0, 200) : name, "user",
                        null, true, null, null, 0, stamp, stamp));
                return new Outcome(users.findByEmail(c, appId, email).orElseThrow(), true);
            }
            if (!existing.get().verified() && !existing.get().isDisabled()) users.markVerified(c, appId, existing.get().id(), stamp);
            return new Outcome(users.findByEmail(c, appId, email).orElseThrow(), false);
        });
        if (out.user().isDisabled()) throw disabled();
        return new ProviderSignIn(new SignedIn(tokens.issueUser(out.user()), out.user()), out.created());
    }

    /**
     * The current user's record.
     *
     * @throws AuthException 401 when the user no longer exists
     */
    public UserRecord me(String appId, String userId) {
        return db.read(c -> users.findById(c, appId, userId)).orElseThrow(AuthException::unauthorized);
    }

    /**
     * Merges {@code patch} into the caller's record. Protected keys are dropped silently; {@code role}
     * is kept only for admins; the other keys pass through {@code customFields} (the User schema's
     * field rules for the caller, then the schema: unknown keys dropped, values validated).
     */
    public UserRecord updateMe(String appId, Principal.User caller, ObjectNode patch, UserFields customFields) {
        return updateUser(appId, caller.id(), patch, caller.isAdmin(), customFields).orElseThrow(AuthException::unauthorized);
    }

    /**
     * Merges {@code patch} into the user {@code id} by the rules of api-contract §3.1: protected
     * keys are dropped, {@code role} is applied only when {@code mayChangeRole}, custom fields go
     * through {@code customFields} (the User schema's field rules for the caller, then validation
     * against the schema). Empty when there is no such user.
     */
    public Optional<UserRecord> updateUser(String appId, String id, ObjectNode patch, boolean mayChangeRole,
                                           UserFields customFields) {
        Optional<UserRecord> updated = db.inTx(c -> {
            Optional<UserRecord> found = users.findById(c, appId, id);
            if (found.isEmpty()) return Optional.<UserRecord>empty();
            return Optional.of(apply(c, found.get(), change(c, found.get(), patch, Set.of(), mayChangeRole, customFields)));
        });
        updated.ifPresent(u -> changed("update", u));
        return updated;
    }

    /**
     * Merges each patch into its user in one transaction, by the rules of {@link #updateUser}: all
     * or nothing, one realtime {@code update} per user after the commit. Returns the updated users
     * in input order.
     *
     * @param patches user id to patch, in order
     * @throws java.util.NoSuchElementException (message: the id) when a user does not exist; nothing is changed
     */
    public List<UserRecord> updateUsers(String appId, java.util.LinkedHashMap<String, ObjectNode> patches, boolean mayChangeRole,
                                        UserFields customFields) {
        List<UserRecord> updated = db.inTx(c -> {
            List<UserRecord> out = new java.util.ArrayList<>(patches.size());
            for (java.util.Map.Entry<String, ObjectNode> e : patches.entrySet()) {
                UserRecord u = users.findById(c, appId, e.getKey()).orElseThrow(() -> new java.util.NoSuchElementException(e.getKey()));
                out.add(apply(c, u, change(c, u, e.getValue(), Set.of(), mayChangeRole, customFields)));
            }
            return out;
        });
        updated.forEach(u -> changed("update", u));
        return updated;
    }

    /** The result of {@link #updateMatching}: the users changed, and whether more matched than one call changes. */
    public record Matched(List<UserRecord> updated, boolean hasMore) {}

    /**
     * Changes at most {@code limit} users matching {@code filter} (in {@code created_date}, then id,
     * order) in one transaction: {@code change} turns each current public record into the record it
     * should become; the touched keys then go through the rules of {@link #updateUser}. All or nothing;
     * one realtime {@code update} per user after the commit.
     *
     * @param touched the top-level keys {@code change} may alter (others are left as they are)
     */
    public Matched updateMatching(String appId, Filter filter, int limit, Set<String> touched, UnaryOperator<ObjectNode> change,
                                  boolean mayChangeRole, UserFields customFields) {
        Matched matched = db.inTx(c -> {
            List<UserRecord> found = users.page(c, appId, filter, new Sort("created_date", false), limit + 1, 0);
            List<UserRecord> out = new java.util.ArrayList<>();
            for (UserRecord u : found.subList(0, Math.min(found.size(), limit))) {
                ObjectNode after = change.apply(u.toJson());
                ObjectNode patch = dev.homebase.server.internal.Json.object();
                Set<String> unset = new java.util.LinkedHashSet<>();
                for (String key : touched) {
                    if (after.has(key)) patch.set(key, after.get(key));
                    else unset.add(key);
                }
                out.add(apply(c, u, change(c, u, patch, unset, mayChangeRole, customFields)));
            }
            return new Matched(out, found.size() > limit);
        });
        matched.updated().forEach(u -> changed("update", u));
        return matched;
    }

    /** A checked change of one user: the new role (null: unchanged), custom fields to set and to remove. */
    private record UserChange(String role, ObjectNode custom, Set<String> unset) {}

    /**
     * The change {@code patch} (and {@code unset}) makes to {@code current}, checked inside the
     * write's transaction: built-in keys keep their own rules (only {@code role}, only when
     * {@code mayChangeRole}); custom keys pass the User schema's field rules and validation.
     */
    private UserChange change(Connection c, UserRecord current, ObjectNode patch, Set<String> unset, boolean mayChangeRole,
                              UserFields customFields) throws SQLException {
        String role = patch.path("role").isTextual() && mayChangeRole && ROLE.matcher(patch.get("role").asText()).matches()
                ? patch.get("role").asText() : null;
        ObjectNode rest = patch.deepCopy();
        rest.remove(UserRecord.BUILT_IN);
        Set<String> removed = new java.util.LinkedHashSet<>(unset);
        removed.removeAll(UserRecord.BUILT_IN);
        ObjectNode custom = customFields.permitted(c, records, current, rest, removed);
        custom.remove(UserRecord.BUILT_IN);
        return new UserChange(role, custom, removed);
    }

    private UserRecord apply(Connection c, UserRecord u, UserChange change) throws java.sql.SQLException {
        ObjectNode data = u.data().deepCopy();
        data.remove(change.unset());
        data.setAll(change.custom());
        users.updateProfile(c, u.appId(), u.id(), change.role() != null ? change.role() : u.role(), data, timestamps.now());
        return users.findById(c, u.appId(), u.id()).orElseThrow();
    }

    /**
     * Disables or enables the user {@code id} (admins and the service role only; the caller checks). A disabled user
     * cannot sign in by any route, and the tokens they hold are refused from the next request on, on every node;
     * enabling restores them. Empty when there is no such user.
     */
    public Optional<UserRecord> setDisabled(String appId, String id, boolean disabled) {
        Optional<UserRecord> updated = db.inTx(c -> {
            if (users.findById(c, appId, id).isEmpty()) return Optional.<UserRecord>empty();
            users.setDisabled(c, appId, id, disabled, timestamps.now());
            return users.findById(c, appId, id);
        });
        updated.ifPresent(u -> changed("update", u));
        return updated;
    }

    /** The user {@code id} of {@code appId}, if any. */
    public Optional<UserRecord> findUser(String appId, String id) {
        return db.read(c -> users.findById(c, appId, id));
    }

    /**
     * A page of the users of {@code appId} matching {@code filter}, filtered and sorted in SQL.
     *
     * @throws dev.homebase.server.query.QueryException for a filter that cannot be compiled
     */
    public List<UserRecord> listUsers(String appId, Filter filter, Sort sort, int limit, int skip) {
        return db.read(c -> users.page(c, appId, filter, sort, limit, skip));
    }

    /** Up to {@code limit} users matching {@code filter} in {@code sort} order after the keys {@code after}. */
    public List<UserStore.KeyedUser> listUsersAfter(String appId, Filter filter, Sort sort, List<Object> after, int limit) {
        return db.read(c -> users.pageAfter(c, appId, filter, sort, after, limit));
    }

    /** How many users of {@code appId} match {@code filter}. */
    public long countUsers(String appId, Filter filter) {
        return db.read(c -> users.count(c, appId, filter));
    }

    /**
     * The rows of an aggregate over the users of {@code appId} matching {@code filter}, computed in
     * SQL; at most one more than {@code spec.limit()} (so the caller can tell it was truncated). Group
     * keys and metrics of a field in {@code visibleWhen} read as missing where the caller may not see it.
     *
     * @throws dev.homebase.server.query.QueryException for a spec that cannot be compiled
     */
    public List<ObjectNode> aggregateUsers(String appId, Filter filter, dev.homebase.server.query.AggregateSpec spec,
                                           java.util.Map<String, Filter> visibleWhen) {
        return db.read(c -> users.aggregate(c, appId, filter, spec, visibleWhen));
    }

    /** Deletes the user {@code id} (service role only; the caller checks); false when there was none. */
    public boolean deleteUser(String appId, String id) {
        Optional<UserRecord> deleted = db.inTx(c -> {
            Optional<UserRecord> last = users.findById(c, appId, id);
            return last.isPresent() && users.delete(c, appId, id) ? last : Optional.<UserRecord>empty();
        });
        deleted.ifPresent(u -> changed("delete", u));
        return deleted.isPresent();
    }

    /**
     * Deletes every user of {@code appId} matching {@code filter} (service role only; the caller
     * checks) in one transaction, with their codes and reset tokens; one realtime {@code delete}
     * per user after the commit. Returns how many were deleted.
     */
    public int deleteUsers(String appId, Filter filter) {
        List<UserRecord> deleted = db.inTx(c -> {
            List<UserRecord> found = users.page(c, appId, filter, new Sort("created_date", false), Integer.MAX_VALUE, 0);
            for (UserRecord u : found) users.delete(c, appId, u.id());
            return found;
        });
        deleted.forEach(u -> changed("delete", u));
        return deleted.size();
    }

    /** Creates a verified admin with this email and password unless a user with this email exists. */
    public void ensureAdmin(String appId, String rawEmail, String password) {
        String email = Emails.normalize(rawEmail)
                .orElseThrow(() -> new IllegalArgumentException("HOMEBASE_ADMIN_EMAIL is not a valid email address"));
        Passwords.weakness(password).ifPresent(w -> { throw new IllegalArgumentException("HOMEBASE_ADMIN_PASSWORD: " + w); });
        if (db.read(c -> users.findByEmail(c, appId, email)).isPresent()) return;
        String hash = passwords.hash(password);
        Optional<UserRecord> created = db.inTx(c -> {
            if (users.findByEmail(c, appId, email).isPresent()) return Optional.<UserRecord>empty();
            String stamp = timestamps.now();
            UserRecord admin = new UserRecord(appId, ids.next(), email, localPart(email), "admin", hash, true, null, null, 0, stamp, stamp);
            users.insert(c, admin);
            return Optional.of(admin);
        });
        created.ifPresent(u -> {
            log.info("Created admin user {} for app {}", email, appId);
            changed("create", u);
        });
    }

    /** Tells the listener about a committed change to a user (its public record: no password hash). */
    private void changed(String type, UserRecord u) {
        listener.changed(new EntityScope(u.appId(), "User", "prod"), type, u.toJson());
    }

    private static AuthException disabled() {
        return new AuthException(AuthException.Kind.FORBIDDEN, "user_disabled", DISABLED_MESSAGE);
    }

    private static String email(String raw) {
        return Emails.normalize(raw).orElseThrow(() -> AuthException.invalid("invalid_email", "Invalid email address"));
    }

    private Optional<UserStore.PendingCode> findCode(Connection c, String appId, String email) {
        try {
            return users.findCode(c, appId, email, VERIFY_EMAIL);
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    private static String localPart(String email) {
        return email.substring(0, email.indexOf('@'));
    }

    /** The hosted page that sets a password with {@code token} (the server's {@code GET /reset-password}). */
    private String link(String appId, String token) {
        return baseUrl.get() + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&app_id=" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
    }

    private void sendCode(String appId, String email, String code) {
        String app = appNames.apply(appId);
        sendLater(new Mail(email, "Your " + app + " verification code: " + code,
                "Your verification code is " + code + ".\n\nIt expires in " + OneTimeCodes.CODE_TTL.toMinutes()
                        + " minutes. If you did not sign up for " + app + ", ignore this message.\n"));
    }

    /** Sends in the background, so that answer times do not depend on whether mail was sent. */
    private void sendLater(Mail mail) {
        try {
            java.util.Map<String, String> context = org.slf4j.MDC.getCopyOfContextMap(); // the request id, for the log
            mailQueue.execute(() -> {
                if (context != null) org.slf4j.MDC.setContextMap(context);
                try {
                    mailer.send(mail);
                } catch (RuntimeException e) {
                    // The recipient and the reason only: never the message text (it holds the code).
                    log.warn("Could not send mail to {}: {}", mail.to(), e.getMessage());
                } finally {
                    org.slf4j.MDC.clear();
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Mail to {} dropped: shutting down", mail.to());
        }
    }

    /** Waits briefly for queued mail, then stops. */
    @Override
    public void close() {
        mailQueue.shutdown();
        try {
            mailQueue.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
