package dev.homebase.server.functions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the process that hosts one function, for one runtime ({@link DenoLauncher},
 * {@link JavaLauncher}). Whatever runs inside must listen on a loopback port, print
 * {@code HOMEBASE_READY <port>} on stdout once it accepts requests, and exit when its stdin closes
 * ({@link FunctionProcess}). Thread-safe.
 */
interface FunctionLauncher {

    /** Why functions of this runtime cannot run on this machine (a message for the log), or empty when they can. */
    Optional<String> unavailable();

    /** Called once at startup when a project has functions of this runtime: writes helper files, warns. */
    void prepare();

    /**
     * The process for one function, not started yet.
     *
     * @param label how the log names the function ({@code appId/name})
     * @param function the function
     * @param sharedDir the project's {@code base44/shared/}, if any
     * @param env the clean environment: a few network and locale variables and the app's secrets;
     *     the launcher adds its own runtime variables, which win over a secret of the same name
     * @throws FunctionException FAILED when the function cannot be prepared (a Java compile error)
     */
    ProcessBuilder command(String label, FunctionCatalog.Function function, Optional<Path> sharedDir, Map<String, String> env);
}
