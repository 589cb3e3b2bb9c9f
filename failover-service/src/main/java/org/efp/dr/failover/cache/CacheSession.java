package org.efp.dr.failover.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/** One authenticated connection to the cache, used from a blocking worker: every call waits at most its timeout. */
final class CacheSession implements AutoCloseable {

    private final Redis client;
    private final RedisConnection connection;
    private final Duration timeout;

    private CacheSession(Redis client, RedisConnection connection, Duration timeout) {
        this.client = client;
        this.connection = connection;
        this.timeout = timeout;
    }

    static CacheSession open(Vertx vertx, CacheConfig config) throws Exception {
        return open(vertx, config, config.commandTimeout());
    }

    /** A session whose connect and every command wait at most {@code timeout}. */
    static CacheSession open(Vertx vertx, CacheConfig config, Duration timeout) throws Exception {
        RedisOptions options = new RedisOptions().setConnectionString(config.url().orElseThrow())
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        config.password().ifPresent(options::setPassword);
        Redis client = Redis.createClient(vertx, options);
        try {
            return new CacheSession(client, await(client.connect(), timeout), timeout);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    Response send(Request request) throws Exception {
        return await(connection.send(request), timeout);
    }

    List<Response> batch(List<Request> requests) throws Exception {
        return await(connection.batch(requests), timeout);
    }

    private static <T> T await(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
