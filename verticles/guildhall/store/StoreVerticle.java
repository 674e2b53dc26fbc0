package guildhall.store;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Snowflake;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Owns the database: the only code that speaks SQL. Reached only by event-bus requests; writes go
 * through one {@link GroupCommit}, and each committed batch's events are published on
 * {@link Addresses#EVENTS_COMMITTED}.
 */
public class StoreVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StoreVerticle.class);

  private Database db;
  private long compactor = -1;
  private long archiver = -1;
  private long reporter = -1;

  @Override
  public Future<?> start() {
    JsonObject dbConfig = config().getJsonObject("database", new JsonObject());
    Snowflake ids = new Snowflake(config().getJsonObject("node", new JsonObject()).getInteger("id", 0));
    JsonObject storeConfig = config().getJsonObject("store", new JsonObject());
    int maxBatch = storeConfig.getInteger("max_batch", 1000);
    return Database.open(vertx, dbConfig).compose(opened -> {
      db = opened;
      log.info("Database: {}", db.description);
      SqlQueries sql = SqlQueries.of(!db.sqlite);
      GroupCommit writes = new GroupCommit(vertx, db.writer, ids, sql, maxBatch, storeConfig.getBoolean("pipeline", true));
      CommitReadiness readiness = new CommitReadiness(writes, sql,
          config().getJsonObject("node", new JsonObject()).getInteger("id", 0), storeConfig.getLong("ready_probe_ms", 2_000L));
      serve(Addresses.STORE_READINESS, readiness::check);
      UserStore users = new UserStore(db, sql, writes);
      PresenceStore presence = new PresenceStore(db, sql, writes);
      NotificationSettingsStore notificationSettings = new NotificationSettingsStore(db, sql, writes);
      GuildStore guilds = new GuildStore(db, sql, writes, guildhall.Config.largeGuildThreshold(config()));
      ModerationStore moderation = new ModerationStore(db, sql, writes);
      ChannelStore channels = new ChannelStore(db, sql, writes);
      ThreadStore threads = new ThreadStore(db, sql, writes);
      MessageStore messages = new MessageStore(db, sql, writes, users, threads);
      JsonObject threadConfig = config().getJsonObject("threads", new JsonObject());
      long archiveCheckMs = threadConfig.getLong("archive_check_ms", 60_000L);
      long minuteMs = threadConfig.getLong("minute_ms", 60_000L); // one minute of auto_archive_duration; tests shorten it
      archiver = vertx.setPeriodic(archiveCheckMs, archiveCheckMs, t -> threads.archiveIdle(minuteMs)
          .onFailure(e -> log.warn("Archiving idle threads failed: {}", e.toString())));
      JsonObject events = config().getJsonObject("events", new JsonObject());
      writes.node(guildhall.ClusterNodes.self(vertx));
      if (guildhall.ClusterNodes.clustered(vertx)) {
        // Idle or not, the other nodes' commit order must hear where this node is, or it would hold their
        // events back (fanout/CommitOrder): the cost is one small message per period, the gain no time window.
        long every = events.getLong("position_report_ms", 10L);
        reporter = vertx.setPeriodic(every, t -> vertx.eventBus().publish(Addresses.EVENTS_COMMITTED, writes.report(java.util.List.of())));
      }
      SyncStore sync = new SyncStore(db, sql, writes, guildhall.Config.largeGuildThreshold(config()));
      long compactEveryMs = events.getLong("compact_every_s", 300L) * 1000;
      int retentionCount = events.getInteger("retention_count", 1_000_000);
      long retentionMs = events.getLong("retention_days", 7L) * 86_400_000L;
      compactor = vertx.setPeriodic(compactEveryMs, compactEveryMs, t -> sync.compact(retentionCount, retentionMs)
          .onFailure(e -> log.warn("Event log compaction failed: {}", e.toString())));
      RoleStore roles = new RoleStore(db, sql, writes);
      ReportStore reports = new ReportStore(db, sql, writes, messages, moderation);

      serve(Addresses.STORE_USER_BY_NAME, users::byName);
      serve(Addresses.STORE_USER_CREATE, users::create);
      serve(Addresses.STORE_USER_UPDATE, users::update);
      serve(Addresses.STORE_USER_GET, users::get);
      serve(Addresses.STORE_PRESENCE_GET, presence::get);
      serve(Addresses.STORE_PRESENCE_SET, presence::set);
      serve(Addresses.STORE_NOTIFICATION_SETTINGS_GET, notificationSettings::get);
      serve(Addresses.STORE_NOTIFICATION_SETTINGS_SET, notificationSettings::set);
      SessionStore sessions = new SessionStore(db, sql, writes);
      serve(Addresses.STORE_TOKEN_CREATE, sessions::create);
      serve(Addresses.STORE_TOKEN_RESOLVE, sessions::resolve);
      serve(Addresses.STORE_TOKEN_TOUCH, sessions::touch);
      serve(Addresses.STORE_TOKEN_DELETE, sessions::delete);
      serve(Addresses.STORE_SESSION_LIST, sessions::list);
      serve(Addresses.STORE_SESSION_END, sessions::end);
      serve(Addresses.STORE_SESSION_END_ALL, sessions::endAll);

      serve(Addresses.STORE_GUILD_CREATE, guilds::create);
      serve(Addresses.STORE_GUILD_GET, guilds::get);
      serve(Addresses.STORE_GUILD_UPDATE, guilds::update);
      serve(Addresses.STORE_GUILD_DELETE, guilds::delete);
      serve(Addresses.STORE_GUILD_DIRECTORY, guilds::directory);
      serve(Addresses.STORE_MEMBER_JOIN, guilds::join);
      serve(Addresses.STORE_MEMBER_LEAVE, moderation::leave);
      serve(Addresses.STORE_MEMBER_LIST, guilds::members);
      serve(Addresses.STORE_INVITE_CREATE, guilds::createInvite);
      serve(Addresses.STORE_INVITE_ACCEPT, guilds::acceptInvite);

      serve(Addresses.STORE_CHANNEL_CREATE, channels::create);
      serve(Addresses.STORE_CHANNEL_UPDATE, channels::update);
      serve(Addresses.STORE_CHANNEL_DELETE, channels::delete);

      serve(Addresses.STORE_MESSAGE_CREATE, messages::create);
      serve(Addresses.STORE_MESSAGE_UPDATE, messages::edit);
      serve(Addresses.STORE_MESSAGE_DELETE, messages::delete);
      serve(Addresses.STORE_MESSAGE_GET, messages::get);
      serve(Addresses.STORE_MESSAGE_LIST, messages::list);
      ReadStateStore readStates = new ReadStateStore(sql, writes);
      serve(Addresses.STORE_READ_STATE_ACK, readStates::ack);
      serve(Addresses.STORE_REACTION_ADD, messages::addReaction);
      serve(Addresses.STORE_REACTION_REMOVE, messages::removeReaction);

      serve(Addresses.STORE_THREAD_CREATE, threads::create);
      serve(Addresses.STORE_THREAD_LIST, threads::list);
      serve(Addresses.STORE_THREAD_UPDATE, threads::update);
      serve(Addresses.STORE_THREAD_DELETE, threads::delete);
      serve(Addresses.STORE_THREAD_MEMBER, threads::member);
      serve(Addresses.STORE_THREAD_JOIN, threads::join);
      serve(Addresses.STORE_THREAD_LEAVE, threads::leave);

      serve(Addresses.STORE_OVERWRITE_PUT, channels::putOverwrite);
      serve(Addresses.STORE_OVERWRITE_DELETE, channels::deleteOverwrite);

      serve(Addresses.STORE_ROLE_LIST, roles::list);
      serve(Addresses.STORE_ROLE_CREATE, roles::create);
      serve(Addresses.STORE_ROLE_UPDATE, roles::update);
      serve(Addresses.STORE_ROLE_REORDER, roles::reorder);
      serve(Addresses.STORE_ROLE_DELETE, roles::delete);

      serve(Addresses.STORE_MEMBER_PATCH, moderation::patchMember);
      serve(Addresses.STORE_MEMBER_KICK, moderation::kick);
      serve(Addresses.STORE_BAN_PUT, moderation::ban);
      serve(Addresses.STORE_BAN_DELETE, moderation::unban);
      serve(Addresses.STORE_BAN_LIST, moderation::bans);

      PrivateChannelStore dms = new PrivateChannelStore(db, sql, writes);
      serve(Addresses.STORE_DM_OPEN, dms::openDm);
      serve(Addresses.STORE_GROUP_DM_CREATE, dms::createGroup);
      serve(Addresses.STORE_DM_LIST, dms::list);
      serve(Addresses.STORE_RECIPIENT_ADD, dms::addRecipient);
      serve(Addresses.STORE_RECIPIENT_REMOVE, dms::removeRecipient);
      serve(Addresses.STORE_USERS_EXIST, dms::usersExist);
      serve(Addresses.STORE_RELATIONSHIP_PUT, dms::block);
      serve(Addresses.STORE_RELATIONSHIP_DELETE, dms::unblock);
      serve(Addresses.STORE_REPORT_CREATE, reports::create);
      serve(Addresses.STORE_REPORT_GET, reports::get);
      serve(Addresses.STORE_REPORT_LIST, reports::list);
      serve(Addresses.STORE_REPORT_UPDATE, reports::update);

      serve(Addresses.STORE_SNAPSHOT, sync::snapshot);
      serve(Addresses.STORE_EVENTS_SINCE, sync::eventsSince);
      serve(Addresses.STORE_PERMISSION_STATE, sync::permissionState);

      // Renames committed on any node keep the author cache right.
      return vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS_COMMITTED, msg -> {
        for (Object e : msg.body().getJsonArray("events")) {
          JsonObject event = (JsonObject) e;
          if (EventType.of(event) == EventType.USER_UPDATE) {
            users.onUserUpdated(event.getJsonObject("data"));
          }
        }
      }).completion();
    });
  }

  private void serve(String address, Function<JsonObject, Future<?>> operation) {
    // Node-local: a node's requests go to its own store, never across the cluster.
    vertx.eventBus().<JsonObject>localConsumer(address, msg -> {
      Future<?> result;
      try {
        result = operation.apply(msg.body() == null ? new JsonObject() : msg.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onSuccess(msg::reply).onFailure(failure -> {
        if (StoreFaults.isUnavailable(failure)) {
          // The database, not this request, is at fault (a read while PostgreSQL is away, say): 503, retry later.
          log.warn("{} failed: {}", address, StoreFaults.reason(failure));
          ApiError.replyFailure(msg, StoreFaults.unavailable());
          return;
        }
        if (!(failure instanceof ApiError)) {
          log.error("{} failed", address, failure);
        }
        ApiError.replyFailure(msg, failure);
      });
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(compactor);
    vertx.cancelTimer(archiver);
    vertx.cancelTimer(reporter);
    return db == null ? Future.succeededFuture() : db.close();
  }
}
