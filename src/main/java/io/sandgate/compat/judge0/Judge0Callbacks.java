package io.sandgate.compat.judge0;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Judge0's callbacks: once a submission's result is stored, a {@code PUT} of it (the default
 * fields, in base64, as Judge0 sends them) to its {@code callback_url}. Tried again only when no
 * answer came (a connection failure or the timeout), up to the configured tries; any HTTP answer
 * ends it. Redirects are not followed; the target is checked again before each try.
 */
@ApplicationScoped
class Judge0Callbacks {

    private static final int BACKLOG = 1000;

    private final AsyncConfig config;
    private final CallbackTargets targets;
    private final ObjectMapper json;
    private final HttpClient http;
    /** Few senders, and a bounded backlog: past it the oldest waiting callback is dropped (logged). */
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG), runnable -> {
                Thread thread = new Thread(runnable, "judge0-callback");
                thread.setDaemon(true);
                return thread;
            }, (dropped, executor) -> {
                if (executor.isShutdown()) {
                    return;
                }
                Log.warnf("callback backlog full (%d): the oldest waiting callback is dropped", BACKLOG);
                executor.getQueue().poll();
                executor.execute(dropped);
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
            // The whole exchange within the timeout: a target that trickles its answer holds no sender.
            CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                int status = exchange.get(config.callbackTimeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
                Log.infof("callback of submission %s: HTTP %d (try %d)", token, status, attempt);
                return;
            } catch (ExecutionException | TimeoutException e) {
                exchange.cancel(true);
                Log.infof("callback of submission %s: no answer (try %d of %d): %s", token, attempt,
                        config.callbackTries(), e.getCause() == null ? e.toString() : e.getCause().toString());
            } catch (InterruptedException e) {
                exchange.cancel(true);
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
