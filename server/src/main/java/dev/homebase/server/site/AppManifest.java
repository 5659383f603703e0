package dev.homebase.server.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The web app manifest served at {@code /manifest.json} when the built site has none: Base44
 * {@code index.html} files link it, and the hosted platform makes it from the app's settings.
 *
 * @param name the app's name ({@code name} of {@code config.jsonc}, else its folder's name)
 * @param description the app's description (may be empty)
 * @param icon the icon's URL or path on the site ({@code icon} of {@code config.jsonc}), or null
 */
public record AppManifest(String name, String description, String icon) {
    private static final Map<String, String> ICON_TYPES = Map.of("png", "image/png", "svg", "image/svg+xml",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp", "ico", "image/x-icon", "gif", "image/gif");

    public AppManifest {
        name = name == null || name.isBlank() ? "App" : name;
        description = description == null ? "" : description;
        icon = icon == null || icon.isBlank() ? null : icon;
    }

    /** The manifest's JSON members. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("short_name", name);
        if (!description.isEmpty()) out.put("description", description);
        out.put("start_url", "/");
        out.put("scope", "/");
        out.put("display", "standalone");
        out.put("background_color", "#ffffff");
        out.put("theme_color", "#ffffff");
        List<Map<String, String>> icons = new ArrayList<>();
        if (icon != null) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("src", icon);
            String path = icon.replaceFirst("[?#].*$", "");
            String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            entry.put("sizes", ext.equals("svg") ? "any" : "512x512");
            if (ICON_TYPES.containsKey(ext)) entry.put("type", ICON_TYPES.get(ext));
            icons.add(entry);
        }
        out.put("icons", icons);
        return out;
    }
}
