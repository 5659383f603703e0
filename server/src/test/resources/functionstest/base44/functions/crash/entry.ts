throw new Error("crash-at-import marker");
