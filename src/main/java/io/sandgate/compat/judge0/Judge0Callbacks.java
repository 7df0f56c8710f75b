package io.sandgate.compat.judge0;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Judge0's callbacks: once a submission's result is stored, a {@code PUT} of it (the default
 * fields, in base64, as Judge0 sends them) to its {@code callback_url}. Tried again only when no
 * answer came (a connection failure or the timeout), up to the configured tries; any HTTP answer
 * ends it. Redirects are not followed; the target is checked again before each try.
 */
@ApplicationScoped
class Judge0Callbacks {

    private final AsyncConfig config;
    private final CallbackTargets targets;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "judge0-callback");
        thread.setDaemon(true);
        return thread;
    });

    Judge0Callbacks(AsyncConfig config, ObjectMapper json) {
        this.config = config;
        this.targets = new CallbackTargets(config.allowPrivateCallbacks());
        this.json = json;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.callbackTimeout()).build();
    }

    CallbackTargets targets() {
        return targets;
    }

    /** Sends the record's result to its callback URL, if it has one, off the caller's thread. */
    void deliver(Judge0Record record, Map<String, String> versions) {
        String url = record.submission().callback_url();
        if (url == null) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(Judge0Fields.render(record, Judge0Fields.DEFAULT, true, versions));
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
        senders.execute(() -> send(record.token(), url, body));
    }

    private void send(String token, String url, String body) {
        for (int attempt = 1; attempt <= config.callbackTries(); attempt++) {
            Optional<String> refusal = targets.refusal(url);
            if (refusal.isPresent()) {
                Log.warnf("callback of submission %s not sent: the URL %s", token, refusal.get());
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.callbackTimeout())
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                Log.infof("callback of submission %s: HTTP %d (try %d)", token, status, attempt);
                return;
            } catch (IOException e) {
                Log.infof("callback of submission %s: no answer (try %d of %d): %s", token, attempt,
                        config.callbackTries(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdown();
    }
}
