package dev.flotilla.console.fleet;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Why no answer came from a node, in the words the sidebar and the status bar show. Exception class
 * names and library messages stay out: an operator cannot act on them.
 */
public final class NetworkProblem {

    private NetworkProblem() {}

    public static String describe(Throwable t) {
        if (t instanceof ConnectException) return "connection refused";
        if (t instanceof NoRouteToHostException) return "no route to the host";
        if (t instanceof SocketTimeoutException) return "no answer in time";
        if (t instanceof UnknownHostException) return "unknown host";
        if (t instanceof SSLException) return "TLS handshake failed (an https URL for a plain http port?)";
        return "connection lost";
    }
}
