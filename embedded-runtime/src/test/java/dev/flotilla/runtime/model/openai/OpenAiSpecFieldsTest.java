package dev.flotilla.runtime.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fields the provider reads and writes, checked against OpenAI's published OpenAPI document
 * ({@code shared/specs/openai-openapi.yaml} beside the repository, read at test time, never copied
 * in): if a name drifted, the scripted replies of {@link OpenAiChatModelTest} would no longer be
 * the published format.
 */
class OpenAiSpecFieldsTest {

    static Path spec() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/specs/openai-openapi.yaml");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError("shared/specs/openai-openapi.yaml not found beside the repository (from " + Path.of("").toAbsolutePath() + ")");
    }

    @Test
    void usageRequestAndStreamFieldsAreThePublishedOnes() throws Exception {
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(spec().toFile()).path("components").path("schemas");

        JsonNode usage = schemas.path("CompletionUsage").path("properties");
        assertThat(usage.has("prompt_tokens")).isTrue();
        assertThat(usage.has("completion_tokens")).isTrue();
        assertThat(usage.path("prompt_tokens_details").path("properties").has("cached_tokens")).isTrue();
        assertThat(usage.path("completion_tokens_details").path("properties").has("reasoning_tokens")).isTrue();

        String request = schemas.path("CreateChatCompletionRequest").toString();
        for (String field : new String[] {"max_completion_tokens", "stream_options", "tool_choice", "tools"}) {
            assertThat(request).contains("\"" + field + "\"");
        }
        assertThat(schemas.path("ChatCompletionStreamOptions").toString()).contains("include_usage");
        String chunk = schemas.path("CreateChatCompletionStreamResponse").toString();
        assertThat(chunk).contains("\"delta\"").contains("\"finish_reason\"").contains("\"usage\"");
        String toolChunk = schemas.path("ChatCompletionMessageToolCallChunk").toString();
        assertThat(toolChunk).contains("\"index\"").contains("\"arguments\"");
        assertThat(schemas.path("ChatCompletionRequestToolMessage").toString()).contains("tool_call_id");
    }
}
