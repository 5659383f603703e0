package dev.homebase.server.project;

/** A request named an app this server does not host. The HTTP layer answers 404. */
public final class UnknownAppException extends RuntimeException {

    public UnknownAppException(String appId) {
        super("App \"" + appId + "\" not found");
    }
}
