package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What an operator reads when something fails: the console's own words, never a class name or a trace. */
class ErrorTextTest {

    @Test
    void theConsolesOwnFailuresKeepTheirMessageThroughTheFutureWrappers() {
        FleetApiException refused = new FleetApiException(422, "unknown_agent", "no agent named 'x'");
        assertThat(ErrorText.of(new CompletionException(new ExecutionException(refused)))).isEqualTo("no agent named 'x'");
        assertThat(ErrorText.of(new FleetStoreException("cannot save the fleets to f: disk full", null)))
                .isEqualTo("cannot save the fleets to f: disk full");
    }

    @Test
    void anythingElseSaysWhereTheDetailsAreInsteadOfNamingTheException() {
        String text = ErrorText.of(new CompletionException(new NullPointerException("Cannot invoke \"String.length()\"")));
        assertThat(text).isEqualTo(ErrorText.UNEXPECTED).doesNotContain("NullPointer").doesNotContain("String.length");
        assertThat(ErrorText.of(new IllegalStateException())).isEqualTo(ErrorText.UNEXPECTED);
    }

    @Test
    void networkFailuresReadAsWhatHappenedNotAsTheirClass() {
        assertThat(NetworkProblem.describe(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(NetworkProblem.describe(new SSLHandshakeException("PKIX path building failed"))).contains("TLS handshake failed");
        assertThat(NetworkProblem.describe(new EOFException())).isEqualTo("connection lost");
        assertThat(NetworkProblem.describe(new IOException("\\n not found: limit=0 content=…"))).isEqualTo("connection lost");
        assertThat(EventStream.describe(null, 503)).isEqualTo("the node answered HTTP 503");
    }
}
