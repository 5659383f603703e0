package dev.homebase.server.project;

import java.util.Locale;

/**
 * Who may open an app: the {@code public_settings} value of api-contract §12, from the
 * {@code visibility} key of {@code base44/config.jsonc}.
 *
 * <p>The Base44 CLI writes {@code "public"} (anyone, no login), {@code "private"} (invited users,
 * login) or {@code "workspace"} (workspace members, login); the contract's own values are accepted
 * too, since {@code public_with_login} has no CLI word. Without the key an app is
 * {@link #PUBLIC_WITH_LOGIN}, as a new app on the hosted platform is (anyone may register; a login is
 * required).
 */
public enum Visibility {
    /** Anyone, without signing in ({@code "public"}). */
    PUBLIC_WITHOUT_LOGIN("public_without_login", false),
    /** Anyone who signs in (the default). */
    PUBLIC_WITH_LOGIN("public_with_login", true),
    /** Only the app's own users, signed in ({@code "private"}). */
    PRIVATE_WITH_LOGIN("private_with_login", true),
    /** Workspace members, signed in ({@code "workspace"}); Homebase has no workspaces, so: the app's users. */
    WORKSPACE_WITH_LOGIN("workspace_with_login", true);

    private final String wireValue;
    private final boolean loginRequired;

    Visibility(String wireValue, boolean loginRequired) {
        this.wireValue = wireValue;
        this.loginRequired = loginRequired;
    }

    /** The {@code public_settings} value on the wire. */
    public String wireValue() {
        return wireValue;
    }

    /** Whether a visitor must sign in to open the app. */
    public boolean loginRequired() {
        return loginRequired;
    }

    /**
     * The visibility a config value names: a CLI word ({@code public}, {@code private},
     * {@code workspace}) or a contract value ({@code public_with_login}, ...).
     *
     * @throws IllegalArgumentException for anything else
     */
    static Visibility parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "public": return PUBLIC_WITHOUT_LOGIN;
            case "private": return PRIVATE_WITH_LOGIN;
            case "workspace": return WORKSPACE_WITH_LOGIN;
            default:
                for (Visibility each : values()) if (each.wireValue.equals(v)) return each;
                throw new IllegalArgumentException("\"visibility\" must be \"public\", \"private\" or \"workspace\""
                        + " (or public_with_login, public_without_login, private_with_login, workspace_with_login), not \""
                        + value + "\"");
        }
    }
}
