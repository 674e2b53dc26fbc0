package guildhall.api;

import guildhall.support.Api;
import guildhall.support.SnapshotModel;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rule of replay, tested as a model: several users hold live streams while random sequences of
 * every kind of change run against a real server; then, for random (user, cursor) pairs, a replay
 * from the cursor must give exactly the events that user received live after it (ids, types and
 * payloads; message text as it is now, since the log keeps no old text), or RESYNC. An extra event
 * is a leak, a missing one a loss. And Zulip's check: an old snapshot plus the live events after it
 * equals a fresh snapshot, for every user. A failure names its seed: {@code -Daudience.seed=N} replays it;
 * {@code -Daudience.seed=random} tries new sequences, {@code -Daudience.rounds=N} more of them.
 *
 * <p>Every operation is a step answering a {@link Future}, and the steps run strictly one after
 * another: the random numbers are drawn in the same order as ever, so that a seed still names one
 * sequence. Assertions are thrown inside the chain (not through {@code ctx.verify}), so that the
 * failure reaching the test context is the one that names the seed and carries the sequence log.
 */
class AudienceModelTest extends AsyncApiTestBase {
  private static final long VIEW = 1L << 10;
  private static final String[] EMOJI = {"👍", "🎉", "x"};

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // bounded in time as in count: ~10 s here, on a slow day a few times that
  @io.vertx.junit5.Timeout(value = 180, timeUnit = TimeUnit.SECONDS) // the test context's own wait (vertx-junit5 defaults to 30 s)
  @DisplayName("From any cursor, a replay gives each user exactly what they received live, or RESYNC; old snapshots plus events equal fresh ones")
  void replayEqualsLive(VertxTestContext ctx) {
    // A fixed seed by default, so that a run is repeatable; -Daudience.seed=random explores new sequences.
    String given = System.getProperty("audience.seed", "20261202");
    long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
    int rounds = Integer.getInteger("audience.rounds", 3);
    inTurn(rounds, round -> new Run(seed + round).play()).onComplete(ctx.succeedingThenComplete());
  }

  private static boolean presenceOf(Sse.Event e, Api.Session user, String status) {
    return e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(user.userId())
        && (status == null || e.data().getString("status").equals(status));
  }

  /** Fails when {@code stream} got a PRESENCE_UPDATE of {@code user} that it has not looked at yet. */
  private static Future<Void> noPresence(Sse stream, Api.Session user, String who) {
    return stream.drain(300).map(events -> {
      for (Sse.Event e : events) {
        if (presenceOf(e, user, null)) {
          fail(who + " got " + user.username() + "'s presence: " + e.data().encode());
        }
      }
      return null;
    });
  }

  @Test
  @io.vertx.junit5.Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("In a large guild, presence reaches the watchers of its member list and DM partners, not other members, and follows a watcher who switches lists")
  void largeGuildPresenceFollowsMemberListWatchers(VertxTestContext ctx) {
    // Above 2 members a guild is large: the five of `big` are, the two of `small` are not.
    onItsOwnServer(new JsonObject().put("guilds", new JsonObject().put("large_threshold", 2)), (server, on) ->
        on.login(unique("owner")).compose(owner -> on.login(unique("watcher")).compose(watcher -> on.login(unique("other"))
            .compose(other -> on.login(unique("subject")).compose(subject -> on.login(unique("partner")).compose(partner ->
                owner.post("/guilds", new JsonObject().put("name", "big").put("public", true)).map(Api.Reply::json).compose(big ->
                    owner.post("/guilds", new JsonObject().put("name", "small").put("public", true)).map(Api.Reply::json).compose(small -> {
                      String bigList = "/guilds/" + big.getString("id") + "/members/@me";
                      // The partner is a member too (a DM needs a shared guild to open) who never shows the list: the DM alone carries it.
                      return inTurn(() -> watcher.put(bigList, null), () -> other.put(bigList, null), () -> subject.put(bigList, null),
                          () -> partner.put(bigList, null), () -> watcher.put("/guilds/" + small.getString("id") + "/members/@me", null),
                          () -> subject.post("/users/@me/channels", new JsonObject().put("recipient_id", partner.userId())))
                          .map(replies -> {
                            replies.forEach(reply -> assertTrue(reply.status() < 300, reply.toString()));
                            return null;
                          })
                          .compose(v -> Sse.using(watcher.stream(null), watching -> Sse.using(other.stream(null), notWatching ->
                              Sse.using(partner.stream(null), dm -> showList(watcher, big.getString("id"))
                                  .compose(v2 -> Sse.using(subject.stream(null), online ->
                                      // Online: the watcher and the DM partner hear of it; the other member does not.
                                      watching.next(e -> presenceOf(e, subject, "online"), "the watcher: subject online")
                                          .compose(e -> dm.next(e2 -> presenceOf(e2, subject, "online"), "the DM partner: subject online"))
                                          .compose(e -> noPresence(notWatching, subject, "a member not showing the list"))
                                          // The watcher moves to a small guild's list: the large guild's presence no longer reaches them.
                                          .compose(v3 -> showList(watcher, small.getString("id")))
                                          .compose(v3 -> subject.put("/users/@me/presence", new JsonObject().put("status", "dnd")))
                                          .compose(v3 -> dm.next(e -> presenceOf(e, subject, "dnd"), "the DM partner: subject dnd"))
                                          .compose(v3 -> noPresence(watching, subject, "a watcher who moved to another list"))
                                          // Back to the large guild's list: it reaches them again.
                                          .compose(v3 -> showList(watcher, big.getString("id")))
                                          .compose(v3 -> subject.put("/users/@me/presence", new JsonObject().put("status", "idle")))
                                          .compose(v3 -> watching.next(e -> presenceOf(e, subject, "idle"), "the watcher again: subject idle"))
                                          // No list shown: nothing.
                                          .compose(v3 -> showList(watcher, null))
                                          .compose(v3 -> subject.put("/users/@me/presence", new JsonObject().put("status", "online")))
                                          .compose(v3 -> dm.next(e -> presenceOf(e, subject, "online"), "the DM partner: subject online again"))
                                          .compose(v3 -> noPresence(watching, subject, "a watcher who closed the list"))
                                          .compose(v3 -> noPresence(notWatching, subject, "a member not showing the list"))))))));
                    }))))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * The stream's next TYPING_START is the one in {@code where} (a name in {@code at}, which maps the places
   * typed in to their channel ids). The typing was all sent before this
   * looks, and one stream gets its events in order: any other typing before it is one that reached
   * this user although it should not have.
   */
  private static Future<Void> nextTypingIn(Sse stream, Map<String, String> at, String where, String who) {
    return stream.next(e -> e.type().equals("TYPING_START"), who + ": the typing in " + where).map(e -> {
      String got = e.data().getString("channel_id");
      if (!at.get(where).equals(got)) {
        String name = at.entrySet().stream().filter(c -> c.getValue().equals(got)).map(Map.Entry::getKey).findFirst().orElse(got);
        fail(who + ": expected the typing in " + where + ", got the one in " + name + " first");
      }
      return null;
    });
  }

  /** Opens a stream for each user, in turn, and runs {@code body} with them; closes them all however it ends. */
  private static Future<Void> withStreams(List<Api.Session> users, java.util.function.Function<List<Sse>, Future<Void>> body) {
    return withStreams(users, new ArrayList<>(), body);
  }

  private static Future<Void> withStreams(List<Api.Session> users, List<Sse> open, java.util.function.Function<List<Sse>, Future<Void>> body) {
    if (open.size() == users.size()) {
      return body.apply(open);
    }
    return Sse.using(users.get(open.size()).stream(null), stream -> {
      open.add(stream);
      return withStreams(users, open, body);
    });
  }

  private static Future<String> created(Future<Api.Reply> request, String what) {
    return request.map(reply -> {
      if (reply.status() >= 300) {
        fail(what + ": " + reply);
      }
      return reply.status() == 204 ? null : reply.json().getString("id");
    });
  }

  /** Where the typist types, in this order: the big guild's secret channel, its general, a thread there, the small guild, a DM. */
  private static final List<String> TYPED = List.of("secret", "big", "thread", "small", "dm");

  @Test
  @io.vertx.junit5.Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("In a large guild, typing reaches the channel's viewers who show its member list (in a thread too), not members who show another list or none, nor a watcher who may not view the channel; in a small guild every viewer, in a DM its recipient")
  void largeGuildTypingReachesViewersShowingTheGuild(VertxTestContext ctx) {
    // Above 3 members a guild is large: the six of `big` are, the three of `small` are not.
    onItsOwnServer(new JsonObject().put("guilds", new JsonObject().put("large_threshold", 3)), (server, on) -> {
      List<String> names = List.of("typist", "watcher", "elsewhere", "none", "hidden", "partner");
      return inTurn(names.size(), i -> on.login(unique(names.get(i)))).compose(u -> {
        Api.Session typist = u.get(0), watcher = u.get(1), elsewhere = u.get(2), none = u.get(3), hidden = u.get(4), partner = u.get(5);
        return typist.post("/guilds", new JsonObject().put("name", "big").put("public", true)).map(Api.Reply::json).compose(big ->
            typist.post("/guilds", new JsonObject().put("name", "small").put("public", true)).map(Api.Reply::json).compose(small -> {
              String b = big.getString("id"), s = small.getString("id");
              Map<String, String> at = new HashMap<>(); // what each typing goes to: channel ids
              at.put("big", general(big));
              at.put("small", general(small));
              // Everyone but the typist joins the big guild (the partner too: a DM needs a shared guild); two the small one.
              return inTurn(() -> watcher.put("/guilds/" + b + "/members/@me", null), () -> elsewhere.put("/guilds/" + b + "/members/@me", null),
                  () -> none.put("/guilds/" + b + "/members/@me", null), () -> hidden.put("/guilds/" + b + "/members/@me", null),
                  () -> partner.put("/guilds/" + b + "/members/@me", null),
                  () -> elsewhere.put("/guilds/" + s + "/members/@me", null), () -> none.put("/guilds/" + s + "/members/@me", null))
                  .map(replies -> {
                    replies.forEach(reply -> assertTrue(reply.status() < 300, reply.toString()));
                    return null;
                  })
                  // A channel of the big guild that `hidden` may not view, a thread in its general channel, and a DM.
                  .compose(v -> created(typist.post("/guilds/" + b + "/channels", new JsonObject().put("name", "secret")), "secret channel"))
                  .compose(secret -> {
                    at.put("secret", secret);
                    return created(typist.put("/channels/" + secret + "/permissions/" + hidden.userId(),
                        new JsonObject().put("type", 1).put("allow", "0").put("deny", Long.toString(VIEW))), "hide secret from hidden");
                  })
                  .compose(v -> created(typist.post("/channels/" + at.get("big") + "/threads", new JsonObject().put("name", "thread")), "thread"))
                  .compose(thread -> {
                    at.put("thread", thread);
                    return created(typist.post("/users/@me/channels", new JsonObject().put("recipient_id", partner.userId())), "DM");
                  })
                  .compose(dm -> {
                    at.put("dm", dm);
                    return withStreams(List.of(watcher, elsewhere, none, hidden, partner), streams ->
                        // Each client says its list once its stream is open, as the web client does: `none` showed the
                        // big guild's and closed it; `partner` never showed one.
                        showList(watcher, b).compose(v -> showList(hidden, b)).compose(v -> showList(elsewhere, s))
                            .compose(v -> showList(none, b)).compose(v -> showList(none, null))
                            .compose(v -> inTurn(TYPED.size(), i -> created(typist.post("/channels/" + at.get(TYPED.get(i)) + "/typing", null),
                                "typing in " + TYPED.get(i))))
                            // The watcher who may view the big guild's channels: each of its three typings, in order.
                            .compose(v -> nextTypingIn(streams.get(0), at, "secret", "the watcher"))
                            .compose(v -> nextTypingIn(streams.get(0), at, "big", "the watcher"))
                            .compose(v -> nextTypingIn(streams.get(0), at, "thread", "the watcher"))
                            // A watcher who may not view the secret channel: the other two.
                            .compose(v -> nextTypingIn(streams.get(3), at, "big", "hidden (shows the big guild, may not view secret)"))
                            .compose(v -> nextTypingIn(streams.get(3), at, "thread", "hidden"))
                            // Members showing another list, or none: nothing of the big guild; the small guild's, list or not.
                            .compose(v -> nextTypingIn(streams.get(1), at, "small", "elsewhere (shows the small guild)"))
                            .compose(v -> nextTypingIn(streams.get(2), at, "small", "none (closed the big guild's list)"))
                            // The DM's recipient, who shows no list and so nothing of the big guild.
                            .compose(v -> nextTypingIn(streams.get(4), at, "dm", "the DM partner")));
                  });
            }));
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Void> showList(Api.Session user, String guildId) {
    JsonObject body = guildId == null ? new JsonObject().putNull("guild_id") : new JsonObject().put("guild_id", guildId);
    return user.put("/users/@me/member-list", body).map(reply -> {
      if (reply.status() != 204) {
        fail("member-list " + guildId + ": " + reply);
      }
      return null;
    });
  }

  private static Future<Void> done() {
    return Future.succeededFuture();
  }

  /** One seeded sequence: its own users and guilds, so that rounds do not see each other. */
  private final class Run {
    final long seed;
    final Random random;
    final List<String> log = new ArrayList<>();
    final List<Api.Session> users = new ArrayList<>();
    final Map<String, Sse> live = new LinkedHashMap<>();
    final List<JsonObject> guilds = new ArrayList<>();
    /** guild id → its channels (ids, categories included), roles (not @everyone) and current members. */
    final Map<String, List<String>> channelsOf = new HashMap<>();
    final Map<String, List<String>> categoriesOf = new HashMap<>();
    final Map<String, List<String>> rolesOf = new HashMap<>();
    /** In insertion order, so that a seed names one sequence: ids differ from run to run, positions do not. */
    final Map<String, Set<String>> membersOf = new HashMap<>();
    final Map<String, Set<String>> bannedOf = new HashMap<>();
    final Map<String, String> ownerOf = new HashMap<>();
    /** message id → {channel, author, content}; deleted ones are removed and remembered. */
    final Map<String, JsonObject> messages = new LinkedHashMap<>();
    final Set<String> deletedMessages = new HashSet<>();
    final Set<String> deletedChannels = new HashSet<>();
    /** DM or group DM id → {type, owner (groups), recipients: ids in the order they joined}. */
    final Map<String, JsonObject> privatesOf = new LinkedHashMap<>();
    int sequence;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    Future<Void> play() {
      Map<String, Integer> seenAtMid = new HashMap<>();
      Map<String, JsonObject> midSnapshots = new HashMap<>();
      Future<Void> body = setUp()
          .compose(v -> steps(70, true))
          .compose(v -> quiesce())
          .compose(calm -> inTurn(users.size(), i -> {
            Api.Session user = users.get(i);
            seenAtMid.put(user.userId(), live.get(user.userId()).seen().size());
            return ok(user.get("/snapshot"), "mid snapshot").map(reply -> midSnapshots.put(user.userId(), reply.json()));
          }))
          .compose(v -> steps(70, true))
          // A calm tail: messages, edits, deletes and reactions only, so that late cursors cross no reshaping.
          .compose(v -> steps(25, false))
          .compose(v -> quiesce())
          .compose(horizons -> checkMemory()
              .compose(v -> checkSnapshots(seenAtMid, midSnapshots))
              .compose(v -> checkReplays(horizons)));
      return body.transform(outcome -> closeLive().transform(closed -> {
        if (outcome.failed()) {
          Throwable e = outcome.cause();
          return Future.<Void>failedFuture(e instanceof AssertionError
              ? new AssertionError("seed " + seed + " (-Daudience.seed=" + seed + "): " + e.getMessage()
                  + "\nsequence:\n  " + String.join("\n  ", log), e)
              : e);
        }
        return closed.failed() ? Future.<Void>failedFuture(closed.cause()) : done();
      }));
    }

    /** Closes every live stream (each one, even when another's close fails), failing with the first failure. */
    Future<Void> closeLive() {
      List<Sse> streams = new ArrayList<>(live.values());
      List<Throwable> failures = new ArrayList<>();
      return inTurn(streams.size(), i -> streams.get(i).close().otherwise(e -> {
        failures.add(e);
        return null;
      })).compose(v -> failures.isEmpty() ? done() : Future.failedFuture(failures.get(0)));
    }

    Future<Void> setUp() {
      List<String> names = List.of("owner", "ann", "ben", "cat", "dan", "eve");
      return inTurn(names.size(), i -> user(names.get(i)).compose(user -> {
        users.add(user);
        return user.stream(null).map(stream -> live.put(user.userId(), stream));
      }))
          .compose(v -> addGuild(users.get(0), false))
          .compose(v -> addGuild(users.get(1), true))
          .compose(v -> inTurn(3, i -> joinByInvite(users.get(1 + i), guilds.get(0))))
          .mapEmpty();
    }

    Future<Void> addGuild(Api.Session owner, boolean isPublic) {
      return guild(owner, isPublic).map(guild -> {
        String id = guild.getString("id");
        guilds.add(guild);
        ownerOf.put(id, owner.userId());
        channelsOf.put(id, new ArrayList<>(List.of(general(guild))));
        categoriesOf.put(id, new ArrayList<>());
        rolesOf.put(id, new ArrayList<>());
        membersOf.put(id, new LinkedHashSet<>(List.of(owner.userId())));
        bannedOf.put(id, new LinkedHashSet<>());
        log.add(owner.username() + " creates guild " + id);
        return null;
      });
    }

    // ---- the random sequence

    /** {@code count} random operations, each begun once the one before has been answered. */
    Future<Void> steps(int count, boolean reshaping) {
      return inTurn(count, i -> step(reshaping)).mapEmpty();
    }

    Future<Void> step(boolean reshaping) {
      sequence++;
      JsonObject guild = guilds.get(random.nextInt(guilds.size()));
      String g = guild.getString("id");
      Api.Session owner = session(ownerOf.get(g));
      if (random.nextInt(10) == 0) {
        return threadStep(owner, g); // threads reshape nothing: in the calm tail too
      }
      if (random.nextInt(9) == 0) {
        return ack(); // read states reshape nothing: in the calm tail too
      }
      if (random.nextInt(16) == 0) { // reports reshape nothing: in the calm tail too
        return random.nextInt(3) > 0 ? report(g) : resolveReport(owner, g);
      }
      int pick = random.nextInt(reshaping ? 130 : 45);
      if (pick < 22) {
        return send(g);
      } else if (pick < 29) {
        return edit();
      } else if (pick < 34) {
        return deleteMessage(g);
      } else if (pick < 42) {
        return react();
      } else if (pick < 45) {
        int kind = random.nextInt(3);
        return kind == 0 ? profile() : kind == 1 ? choosePresence() : notificationSettings();
      } else if (pick < 49) {
        return createChannel(owner, g, random.nextInt(4) == 0);
      } else if (pick < 52) {
        return moveOrRenameChannel(owner, g);
      } else if (pick < 54) {
        return deleteChannel(owner, g);
      } else if (pick < 61) {
        return putOverwrite(owner, g);
      } else if (pick < 64) {
        return deleteOverwrite(owner, g);
      } else if (pick < 66) {
        return createRole(owner, g);
      } else if (pick < 70) {
        return rolePermissions(owner, g);
      } else if (pick < 71) {
        return deleteRole(owner, g);
      } else if (pick < 76) {
        return memberRoles(owner, g);
      } else if (pick < 81) {
        return joinSomeone(g, guild);
      } else if (pick < 83) {
        return leave(g);
      } else if (pick < 85) {
        return kickOrBan(owner, g, false);
      } else if (pick < 87) {
        return kickOrBan(owner, g, true);
      } else if (pick < 89) {
        return unban(owner, g);
      } else if (pick < 92) {
        return timeout(owner, g);
      } else if (pick < 94) {
        return act(owner.username() + " renames guild " + g, () -> owner.patch("/guilds/" + g, new JsonObject().put("name", "g" + sequence))).mapEmpty();
      } else if (pick < 97) {
        return typing(g);
      } else if (pick < 100) {
        return transferOwnership(owner, g);
      } else {
        return privateChannel();
      }
    }

    /** DMs and group DMs: open one, make one, add or remove someone, block or unblock, and (most often) write in one. */
    Future<Void> privateChannel() {
      Api.Session by = users.get(random.nextInt(users.size()));
      List<String> others = users.stream().map(Api.Session::userId).filter(id -> !id.equals(by.userId())).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
      int kind = random.nextInt(10);
      if (kind >= 4 && kind < 6 && privatesOf.values().stream().noneMatch(c -> c.getInteger("type") == 3)) {
        kind = 2; // no group DM yet to change: make one
      }
      List<String> mine = privatesOf.entrySet().stream().filter(e -> e.getValue().getJsonArray("recipients").contains(by.userId()))
          .map(Map.Entry::getKey).toList();
      if (kind < 2) {
        String to = any(others);
        return act(by.username() + " opens a DM with " + to, () -> by.post("/users/@me/channels", new JsonObject().put("recipient_id", to))).map(reply -> {
          if (reply.status() == 200) {
            privatesOf.putIfAbsent(reply.json().getString("id"), new JsonObject().put("type", 1).put("recipients", new JsonArray().add(by.userId()).add(to)));
          }
          return null;
        });
      } else if (kind < 4) {
        // Mostly people who share a guild with them (whom they may write to), now and then anyone.
        List<String> known = others.stream().filter(id -> random.nextInt(4) == 0 || membersOf.values().stream()
            .anyMatch(m -> m.contains(id) && m.contains(by.userId()))).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (known.size() < 2) {
          return done();
        }
        java.util.Collections.shuffle(known, random);
        List<String> picked = known.subList(0, Math.min(known.size(), 2 + random.nextInt(2)));
        return act(by.username() + " makes a group DM with " + picked, () -> by.post("/users/@me/channels",
            new JsonObject().put("recipient_ids", new JsonArray(new ArrayList<>(picked))).put("name", "gdm" + sequence))).map(reply -> {
              if (reply.status() == 200) {
                JsonArray all = new JsonArray().add(by.userId());
                picked.forEach(all::add);
                privatesOf.put(reply.json().getString("id"), new JsonObject().put("type", 3).put("owner", by.userId()).put("recipients", all));
              }
              return null;
            });
      } else if (kind < 6) {
        List<String> groups = privatesOf.entrySet().stream().filter(e -> e.getValue().getInteger("type") == 3).map(Map.Entry::getKey).toList();
        String group = any(groups);
        if (group == null) {
          return done();
        }
        JsonObject state = privatesOf.get(group);
        Api.Session owner = session(state.getString("owner"));
        JsonArray in = state.getJsonArray("recipients");
        boolean add = kind == 4;
        List<String> inIds = new ArrayList<>();
        in.forEach(id -> inIds.add((String) id));
        String target = add ? any(others.stream().filter(id -> !in.contains(id)).toList()) : any(inIds);
        if (target == null) {
          return done();
        }
        Api.Session actor = add || random.nextBoolean() ? owner : session(target);
        String path = "/channels/" + group + "/recipients/" + target;
        return act(actor.username() + (add ? " adds " : " removes ") + target + (add ? " to " : " from ") + group,
            () -> add ? actor.put(path, null) : actor.delete(path)).compose(reply -> {
              if (reply.status() != 204) {
                return done();
              }
              if (add) {
                in.add(target);
              } else {
                in.remove(target);
                if (in.isEmpty()) {
                  privatesOf.remove(group);
                  deletedChannels.add(group);
                } else if (target.equals(state.getString("owner"))) {
                  // The next to have joined owns it now: the server says who.
                  return ok(session((String) in.getValue(0)).get("/users/@me/channels"), "private channels").map(list -> {
                    list.array().stream().map(o -> (JsonObject) o).filter(c -> c.getString("id").equals(group))
                        .findFirst().ifPresent(c -> state.put("owner", c.getString("owner_id")));
                    return null;
                  });
                }
              }
              return done();
            });
      } else if (kind < 7) {
        String target = any(others);
        boolean block = random.nextBoolean();
        return act(by.username() + (block ? " blocks " : " unblocks ") + target, () -> block
            ? by.put("/users/@me/relationships/" + target, new JsonObject().put("type", 2))
            : by.delete("/users/@me/relationships/" + target)).mapEmpty();
      }
      String channel = any(mine);
      if (channel == null) {
        return done();
      }
      String content = "dm" + sequence + "-" + Long.toHexString(random.nextLong());
      JsonObject body = new JsonObject().put("content", content).put("nonce", "n" + sequence);
      String replyTo = random.nextInt(3) == 0 ? anyMessageIn(channel) : null;
      if (replyTo != null) {
        body.put("reply_to", replyTo);
      }
      return act(by.username() + " writes in private " + channel, () -> by.post("/channels/" + channel + "/messages", body)).map(reply -> {
        if (reply.status() == 200) {
          messages.put(reply.json().getString("id"), new JsonObject().put("channel", channel).put("author", by.userId()).put("content", content));
        }
        return null;
      });
    }

    // ---- threads: started (from a message or not), posted in (their messages join the pool that is
    // edited, deleted and reacted to), archived or locked by the owner

    /** guild id → its threads; thread id → its parent channel. */
    final Map<String, List<String>> threadsOf = new HashMap<>();
    final Map<String, String> parentOfThread = new HashMap<>();

    Future<Void> threadStep(Api.Session owner, String g) {
      int pick = random.nextInt(3);
      return pick == 0 ? createThread(g) : pick == 1 ? postInThread(g) : archiveThread(owner, g);
    }

    Future<Void> createThread(String g) {
      Api.Session by = member(g);
      String parent = any(channelsOf.get(g).stream().filter(c -> !categoriesOf.get(g).contains(c)).toList());
      if (by == null || parent == null) {
        return done();
      }
      String from = random.nextBoolean() ? anyMessageIn(parent) : null;
      String path = "/channels/" + parent + (from == null ? "" : "/messages/" + from) + "/threads";
      return act(by.username() + " starts a thread in " + parent + (from == null ? "" : " from " + from),
          () -> by.post(path, new JsonObject().put("name", "t" + sequence))).map(reply -> {
            if (reply.status() == 201) {
              threadsOf.computeIfAbsent(g, k -> new ArrayList<>()).add(reply.json().getString("id"));
              parentOfThread.put(reply.json().getString("id"), parent);
            }
            return null;
          });
    }

    Future<Void> postInThread(String g) {
      Api.Session author = member(g);
      String thread = any(threadsOf.getOrDefault(g, List.of()).stream().filter(t -> channelsOf.get(g).contains(parentOfThread.get(t))).toList());
      if (author == null || thread == null) {
        return done();
      }
      String content = "t" + sequence + "-" + Long.toHexString(random.nextLong());
      return act(author.username() + " posts in thread " + thread,
          () -> author.post("/channels/" + thread + "/messages", new JsonObject().put("content", content))).map(reply -> {
            if (reply.status() == 200) {
              messages.put(reply.json().getString("id"), new JsonObject().put("channel", thread).put("author", author.userId()).put("content", content));
            }
            return null;
          });
    }

    Future<Void> archiveThread(Api.Session owner, String g) {
      String thread = any(threadsOf.getOrDefault(g, List.of()));
      if (thread == null) {
        return done();
      }
      JsonObject body = new JsonObject().put("archived", random.nextBoolean());
      if (random.nextInt(3) == 0) {
        body.put("locked", random.nextBoolean());
      }
      return act(owner.username() + " patches thread " + thread + " " + body.encode(), () -> owner.patch("/channels/" + thread, body)).mapEmpty();
    }

    Future<Void> send(String g) {
      Api.Session author = member(g);
      String channel = any(channelsOf.get(g));
      if (author == null || channel == null) {
        return done();
      }
      String content = "m" + sequence + "-" + Long.toHexString(random.nextLong()) + mention(g);
      JsonObject body = new JsonObject().put("content", content).put("nonce", "n" + sequence);
      String replyTo = random.nextInt(3) == 0 ? anyMessageIn(channel) : null;
      if (replyTo != null) {
        body.put("reply_to", replyTo);
      }
      return act(author.username() + " sends in " + channel + (replyTo == null ? "" : " replying to " + replyTo),
          () -> author.post("/channels/" + channel + "/messages", body)).map(reply -> {
            if (reply.status() == 200) {
              messages.put(reply.json().getString("id"), new JsonObject().put("channel", channel).put("author", author.userId()).put("content", content));
            }
            return null;
          });
    }

    /**
     * Now and then a mention: of someone (member or not), of one of the guild's roles, or @everyone (which
     * counts only from the owner: nobody else here holds MENTION_EVERYONE).
     */
    String mention(String g) {
      int kind = random.nextInt(6);
      if (kind == 0) {
        return " <@" + users.get(random.nextInt(users.size())).userId() + ">";
      } else if (kind == 1) {
        String role = any(rolesOf.get(g));
        return role == null ? "" : " <@&" + role + ">";
      } else if (kind == 2) {
        return random.nextBoolean() ? " @everyone" : " @here";
      }
      return "";
    }

    /** Someone reads a channel up to a message (MESSAGE_ACK, to their own streams); 404 when they cannot see it. */
    Future<Void> ack() {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return done();
      }
      Api.Session by = users.get(random.nextInt(users.size()));
      String channel = messages.get(id).getString("channel");
      return act(by.username() + " reads " + channel + " up to " + id,
          () -> by.post("/channels/" + channel + "/messages/" + id + "/ack", new JsonObject())).mapEmpty();
    }

    /** A member reports a message of the guild (REPORT_CREATE, to MANAGE_MESSAGES holders); 400, 404 or 409 as it falls. */
    Future<Void> report(String g) {
      Api.Session by = member(g);
      String channel = any(channelsOf.get(g));
      String id = channel == null ? null : anyMessageIn(channel);
      if (by == null || id == null) {
        return done();
      }
      return act(by.username() + " reports " + id, () -> by.post("/channels/" + channel + "/messages/" + id + "/reports",
          new JsonObject().put("reason", "spam"))).mapEmpty();
    }

    /** The owner closes an open report (REPORT_UPDATE), now and then deleting its message (MESSAGE_DELETE) with it. */
    Future<Void> resolveReport(Api.Session owner, String g) {
      return owner.get("/guilds/" + g + "/reports").compose(list -> {
        JsonObject report = list.status() == 200 ? any(list.array().stream().map(o -> (JsonObject) o).toList()) : null;
        if (report == null) {
          return done();
        }
        String message = report.getString("message_id");
        boolean delete = random.nextBoolean() && messages.containsKey(message);
        JsonObject body = random.nextInt(3) == 0 ? new JsonObject().put("status", "dismissed")
            : new JsonObject().put("status", "resolved").put("action", delete ? "delete_message" : "none");
        return act(owner.username() + " closes report " + report.getString("id") + " " + body.encode(),
            () -> owner.patch("/guilds/" + g + "/reports/" + report.getString("id"), body)).map(reply -> {
              if (reply.status() == 200 && "delete_message".equals(body.getString("action"))) {
                messages.remove(message);
                deletedMessages.add(message);
              }
              return null;
            });
      });
    }

    Future<Void> edit() {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return done();
      }
      JsonObject message = messages.get(id);
      String guild = guildOfChannel(message.getString("channel"));
      String content = "edit" + sequence + (guild == null ? "" : mention(guild));
      Api.Session author = session(message.getString("author"));
      return act(author.username() + " edits " + id,
          () -> author.patch("/channels/" + message.getString("channel") + "/messages/" + id, new JsonObject().put("content", content))).map(reply -> {
            if (reply.status() == 200) {
              message.put("content", content);
            }
            return null;
          });
    }

    Future<Void> deleteMessage(String g) {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return done();
      }
      JsonObject message = messages.get(id);
      Api.Session by = random.nextBoolean() ? session(message.getString("author")) : session(ownerOf.get(g));
      return act(by.username() + " deletes " + id, () -> by.delete("/channels/" + message.getString("channel") + "/messages/" + id)).map(reply -> {
        if (reply.status() == 204 || reply.status() == 200) {
          messages.remove(id);
          deletedMessages.add(id);
        }
        return null;
      });
    }

    Future<Void> react() {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return done();
      }
      Api.Session by = users.get(random.nextInt(users.size()));
      String path = "/channels/" + messages.get(id).getString("channel") + "/messages/" + id + "/reactions/"
          + java.net.URLEncoder.encode(EMOJI[random.nextInt(EMOJI.length)], java.nio.charset.StandardCharsets.UTF_8) + "/@me";
      if (random.nextBoolean()) {
        return act(by.username() + " reacts to " + id, () -> by.put(path, null)).mapEmpty();
      } else {
        return act(by.username() + " unreacts to " + id, () -> by.delete(path)).mapEmpty();
      }
    }

    Future<Void> profile() {
      Api.Session user = users.get(random.nextInt(users.size()));
      return act(user.username() + " changes profile", () -> user.patch("/users/@me", new JsonObject().put("global_name", "name" + sequence))).mapEmpty();
    }

    /** A stored choice of status (USER_SETTINGS_UPDATE, to its user alone); being away is never logged. */
    Future<Void> choosePresence() {
      Api.Session user = users.get(random.nextInt(users.size()));
      String status = List.of("online", "idle", "dnd", "invisible").get(random.nextInt(4));
      JsonObject body = new JsonObject().put("status", status);
      if (random.nextBoolean()) {
        body.put("custom_status", random.nextBoolean() ? null : new JsonObject().put("text", "s" + sequence));
      }
      return act(user.username() + " chooses " + body.encode(), () -> user.put("/users/@me/presence", body)).mapEmpty();
    }

    /**
     * Notification settings (USER_GUILD_SETTINGS_UPDATE, to their user alone) in any guild, a member's or
     * not (404), now and then with an override of any channel it had, deleted or hidden ones too (404).
     */
    Future<Void> notificationSettings() {
      Api.Session user = users.get(random.nextInt(users.size()));
      String g = guilds.get(random.nextInt(guilds.size())).getString("id");
      JsonObject body = new JsonObject().put("message_notifications", random.nextInt(3));
      if (random.nextBoolean()) {
        boolean muted = random.nextBoolean();
        body.put("muted", muted);
        if (muted) {
          body.put("mute_config", random.nextBoolean() ? null : new JsonObject().put("end_time", "2031-01-0" + (1 + random.nextInt(9)) + "T00:00:00Z"));
        }
      }
      String channel = any(channelsOf.get(g));
      if (channel != null && random.nextBoolean()) {
        JsonObject override = new JsonObject().put("channel_id", channel);
        int level = random.nextInt(4);
        override.put("message_notifications", level == 3 ? null : level);
        override.put("muted", random.nextBoolean());
        body.put("channel_overrides", new JsonArray().add(override));
      }
      return act(user.username() + " sets notifications in " + g + " to " + body.encode(),
          () -> user.patch("/users/@me/guilds/" + g + "/settings", body)).mapEmpty();
    }

    Future<Void> createChannel(Api.Session owner, String g, boolean category) {
      JsonObject body = new JsonObject().put("name", (category ? "cat" : "ch") + sequence).put("type", category ? 4 : 0);
      String parent = category ? null : random.nextBoolean() ? any(categoriesOf.get(g)) : null;
      if (parent != null) {
        body.put("parent_id", parent);
      }
      return act(owner.username() + " creates " + (category ? "category" : "channel") + " in " + g
          + (parent == null ? "" : " under " + parent), () -> owner.post("/guilds/" + g + "/channels", body)).map(reply -> {
            if (reply.status() == 201 || reply.status() == 200) {
              String id = reply.json().getString("id");
              channelsOf.get(g).add(id);
              if (category) {
                categoriesOf.get(g).add(id);
              }
            }
            return null;
          });
    }

    Future<Void> moveOrRenameChannel(Api.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      if (channel == null || categoriesOf.get(g).contains(channel)) {
        return done();
      }
      JsonObject body = new JsonObject();
      if (random.nextBoolean()) {
        body.put("name", "renamed" + sequence);
      } else {
        String parent = any(categoriesOf.get(g));
        body.put("parent_id", random.nextBoolean() ? parent : null);
      }
      return act(owner.username() + " patches channel " + channel + " " + body.encode(), () -> owner.patch("/channels/" + channel, body)).mapEmpty();
    }

    Future<Void> deleteChannel(Api.Session owner, String g) {
      List<String> channels = channelsOf.get(g);
      if (channels.size() < 3) {
        return done();
      }
      String channel = channels.get(1 + random.nextInt(channels.size() - 1));
      return act(owner.username() + " deletes channel " + channel, () -> owner.delete("/channels/" + channel)).map(reply -> {
        if (reply.status() == 204 || reply.status() == 200) {
          channels.remove(channel);
          categoriesOf.get(g).remove(channel);
          deletedChannels.add(channel);
          messages.values().removeIf(m -> m.getString("channel").equals(channel));
        }
        return null;
      });
    }

    Future<Void> putOverwrite(Api.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      if (channel == null) {
        return done();
      }
      boolean forRole = random.nextBoolean();
      String target = forRole ? (random.nextBoolean() ? g : any(rolesOf.get(g))) : any(new ArrayList<>(membersOf.get(g)));
      if (target == null) {
        return done();
      }
      boolean deny = random.nextInt(3) > 0;
      JsonObject body = new JsonObject().put("type", forRole ? 0 : 1)
          .put("allow", deny ? "0" : Long.toString(VIEW)).put("deny", deny ? Long.toString(VIEW) : "0");
      return act(owner.username() + (deny ? " denies " : " allows ") + "view of " + channel + " to " + (forRole ? "role " : "member ") + target,
          () -> owner.put("/channels/" + channel + "/permissions/" + target, body)).mapEmpty();
    }

    Future<Void> deleteOverwrite(Api.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      List<String> targets = new ArrayList<>(membersOf.get(g));
      targets.addAll(rolesOf.get(g));
      targets.add(g);
      String target = any(targets);
      if (channel == null) {
        return done();
      }
      return act(owner.username() + " removes overwrite " + target + " on " + channel, () -> owner.delete("/channels/" + channel + "/permissions/" + target)).mapEmpty();
    }

    Future<Void> createRole(Api.Session owner, String g) {
      return act(owner.username() + " creates a role in " + g,
          () -> owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "r" + sequence).put("permissions", Long.toString(VIEW | (1L << 11))))).map(reply -> {
            if (reply.status() == 200 || reply.status() == 201) {
              rolesOf.get(g).add(reply.json().getString("id"));
            }
            return null;
          });
    }

    Future<Void> rolePermissions(Api.Session owner, String g) {
      List<String> roles = new ArrayList<>(rolesOf.get(g));
      roles.add(g);
      String role = any(roles);
      // @everyone keeps sending; the bits that matter here are VIEW_CHANNEL and MANAGE_MESSAGES, on or off.
      long permissions = (random.nextBoolean() ? VIEW : 0) | (1L << 11) | (1L << 16)
          | (random.nextInt(3) == 0 ? 1L << 13 : 0); // now and then MANAGE_MESSAGES: its holders receive REPORT_*
      return act(owner.username() + " sets role " + role + " permissions " + permissions,
          () -> owner.patch("/guilds/" + g + "/roles/" + role, new JsonObject().put("permissions", Long.toString(permissions)))).mapEmpty();
    }

    Future<Void> deleteRole(Api.Session owner, String g) {
      String role = any(rolesOf.get(g));
      if (role == null) {
        return done();
      }
      return act(owner.username() + " deletes role " + role, () -> owner.delete("/guilds/" + g + "/roles/" + role)).map(reply -> {
        if (reply.status() < 300) {
          rolesOf.get(g).remove(role);
        }
        return null;
      });
    }

    Future<Void> memberRoles(Api.Session owner, String g) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return done();
      }
      JsonArray roles = new JsonArray();
      for (String role : rolesOf.get(g)) {
        if (random.nextBoolean()) {
          roles.add(role);
        }
      }
      return act(owner.username() + " gives " + target + " roles " + roles.encode(),
          () -> owner.patch("/guilds/" + g + "/members/" + target, new JsonObject().put("roles", roles))).mapEmpty();
    }

    Future<Void> joinSomeone(String g, JsonObject guild) {
      List<Api.Session> outside = users.stream().filter(u -> !membersOf.get(g).contains(u.userId())).toList();
      if (outside.isEmpty()) {
        return done();
      }
      Api.Session user = outside.get(random.nextInt(outside.size()));
      if (guild.getBoolean("public", false) && random.nextBoolean()) {
        return act(user.username() + " joins public " + g, () -> user.put("/guilds/" + g + "/members/@me", null)).map(reply -> {
          if (reply.status() == 200) {
            membersOf.get(g).add(user.userId());
          }
          return null;
        });
      } else {
        return joinByInvite(user, guild);
      }
    }

    Future<Void> joinByInvite(Api.Session user, JsonObject guild) {
      String g = guild.getString("id");
      Api.Session owner = session(ownerOf.get(g));
      return ok(owner.post("/guilds/" + g + "/invites", new JsonObject()), "invite").map(invite -> invite.json().getString("code"))
          .compose(code -> act(user.username() + " accepts an invite to " + g, () -> user.post("/invites/" + code, null)))
          .map(reply -> {
            if (reply.status() == 200) {
              membersOf.get(g).add(user.userId());
            }
            return null;
          });
    }

    Future<Void> leave(String g) {
      Api.Session user = member(g);
      if (user == null || user.userId().equals(ownerOf.get(g))) {
        return done();
      }
      return act(user.username() + " leaves " + g, () -> user.delete("/users/@me/guilds/" + g)).map(reply -> {
        if (reply.status() < 300) {
          membersOf.get(g).remove(user.userId());
        }
        return null;
      });
    }

    Future<Void> kickOrBan(Api.Session owner, String g, boolean ban) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return done();
      }
      Future<Api.Reply> reply = ban
          ? act(owner.username() + " bans " + target + " from " + g, () -> owner.put("/guilds/" + g + "/bans/" + target, new JsonObject()))
          : act(owner.username() + " kicks " + target + " from " + g, () -> owner.delete("/guilds/" + g + "/members/" + target));
      return reply.map(answered -> {
        if (answered.status() < 300) {
          membersOf.get(g).remove(target);
          if (ban) {
            bannedOf.get(g).add(target);
          }
        }
        return null;
      });
    }

    Future<Void> unban(Api.Session owner, String g) {
      String target = any(new ArrayList<>(bannedOf.get(g)));
      if (target == null) {
        return done();
      }
      return act(owner.username() + " unbans " + target, () -> owner.delete("/guilds/" + g + "/bans/" + target)).map(reply -> {
        if (reply.status() < 300) {
          bannedOf.get(g).remove(target);
        }
        return null;
      });
    }

    Future<Void> timeout(Api.Session owner, String g) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return done();
      }
      JsonObject body = new JsonObject();
      if (random.nextBoolean()) {
        body.put("communication_disabled_until", java.time.Instant.now().plusSeconds(600).toString());
      } else {
        body.putNull("communication_disabled_until");
      }
      return act(owner.username() + " times out " + target + " " + body.encode(), () -> owner.patch("/guilds/" + g + "/members/" + target, body)).mapEmpty();
    }

    Future<Void> typing(String g) {
      Api.Session user = member(g);
      String channel = any(channelsOf.get(g));
      if (user == null || channel == null) {
        return done();
      }
      return act(user.username() + " types in " + channel, () -> user.post("/channels/" + channel + "/typing", null)).mapEmpty();
    }

    Future<Void> transferOwnership(Api.Session owner, String g) {
      String next = any(new ArrayList<>(membersOf.get(g)));
      if (next == null || next.equals(owner.userId())) {
        return done();
      }
      return act(owner.username() + " gives " + g + " to " + next, () -> owner.patch("/guilds/" + g, new JsonObject().put("owner_id", next))).map(reply -> {
        if (reply.status() == 200) {
          ownerOf.put(g, next);
        }
        return null;
      });
    }

    // ---- the checks

    /**
     * Waits until every stream has received everything committed so far: each user creates a guild of
     * their own, whose GUILD_CREATE reaches them alone and comes after every earlier event (one node
     * delivers in order), and waits for it. Nobody else hears of these, so nothing is left on its way.
     * Answers each user's horizon: the id of that GUILD_CREATE.
     */
    Future<Map<String, Long>> quiesce() {
      Map<String, Long> horizons = new HashMap<>();
      return inTurn(users.size(), i -> {
        Api.Session user = users.get(i);
        String name = "calm" + (++sequence);
        return ok(user.post("/guilds", new JsonObject().put("name", name)), "calm guild").map(reply -> reply.json().getString("id"))
            .compose(id -> live.get(user.userId())
                .next(e -> e.type().equals("GUILD_CREATE") && id.equals(e.data().getString("id")), "own guild " + name))
            .map(own -> horizons.put(user.userId(), Long.parseLong(own.id())));
      }).map(v -> horizons);
    }

    /**
     * The permissions verticle followed every change: its memory equals a fresh load from the database.
     * The self-check awaits the server's Vert.x, so it runs on a plain thread.
     */
    Future<Void> checkMemory() {
      return inTurn(apps.size(), n -> blocking(apps.get(n)::permissionsSelfCheck).map(check -> {
        if (!check.getBoolean("equal")) {
          fail("the permissions verticle's memory on node " + (n + 1) + " differs from the database:\n"
              + SnapshotModel.difference(check.getJsonObject("database"), check.getJsonObject("memory")));
        }
        return null;
      })).mapEmpty();
    }

    /** Zulip's check: the mid-sequence snapshot plus the live events after it equals a fresh snapshot. */
    Future<Void> checkSnapshots(Map<String, Integer> seenAtMid, Map<String, JsonObject> midSnapshots) {
      return inTurn(users.size(), i -> {
        Api.Session user = users.get(i);
        JsonObject old = midSnapshots.get(user.userId());
        long cursor = Long.parseLong(old.getString("cursor"));
        SnapshotModel model = SnapshotModel.of(old);
        List<Sse.Event> seen = live.get(user.userId()).seen();
        // Everything the stream had by then is in the snapshot; of what came after, the renames that
        // were still on their way when it was read are in it too (ids up to its cursor).
        for (Sse.Event event : seen.subList(seenAtMid.get(user.userId()), seen.size())) {
          if (event.id() == null || Long.parseLong(event.id()) > cursor) {
            model.apply(event.type(), event.data());
          }
        }
        return ok(user.get("/snapshot"), "fresh snapshot").map(reply -> {
          JsonObject fresh = SnapshotModel.of(reply.json()).canonical(model.revealed());
          long mentioned = fresh.getJsonArray("read_states").stream().filter(r -> ((JsonObject) r).getInteger("mention_count") > 0).count();
          log.add(user.username() + ": read states compared " + fresh.getJsonArray("read_states").size() + ", with mentions " + mentioned);
          System.out.println("AudienceModelTest " + user.username() + ": " + fresh.getJsonArray("read_states").size()
              + " read states compared, " + mentioned + " with mentions, " + model.revealed().size() + " left out");
          if (!fresh.equals(model.canonical())) {
            StringBuilder events = new StringBuilder();
            for (Sse.Event event : seen.subList(seenAtMid.get(user.userId()), seen.size())) {
              if (event.type().startsWith("CHANNEL") || event.type().startsWith("GUILD_UPDATE") || event.type().startsWith("GUILD_ROLE")
                  || event.type().equals("GUILD_MEMBER_UPDATE") && event.data().getJsonArray("roles", new JsonArray()).size() > 0) {
                events.append("\n    ").append(event.type()).append(' ').append(event.id()).append(' ').append(event.data().encode());
              }
            }
            log.add("events " + user.username() + " received after the old snapshot (" + cursor + "):" + events);
            fail("old snapshot + events differs from a fresh snapshot, for " + user.username() + ":\n"
                + SnapshotModel.difference(fresh, model.canonical()));
          }
          return null;
        });
      }).mapEmpty();
    }

    Future<Void> checkReplays(Map<String, Long> horizons) {
      List<Long> ids = new ArrayList<>();
      for (Sse stream : live.values()) {
        for (Sse.Event e : stream.seen()) {
          if (e.id() != null) {
            ids.add(Long.parseLong(e.id()));
          }
        }
      }
      ids.sort(Long::compare);
      int[] compared = {0};
      int[] resynced = {0};
      return inTurn(users.size(), u -> {
        Api.Session user = users.get(u);
        List<Long> cursors = new ArrayList<>(List.of(0L, ids.get(0) - 1));
        for (int i = 0; i < 5; i++) {
          long id = ids.get(random.nextInt(ids.size()));
          cursors.add(random.nextBoolean() ? id : id + 1);
        }
        // Just before each time the user joined a guild: what that guild said before is not theirs.
        for (Sse.Event e : live.get(user.userId()).seen()) {
          if (e.type().equals("GUILD_CREATE") && e.id() != null) {
            int at = java.util.Collections.binarySearch(ids, Long.parseLong(e.id()));
            cursors.add(ids.get(Math.max(0, at - 1 - random.nextInt(4))));
          }
        }
        // Late cursors, past the last reshaping change.
        cursors.add(ids.get(ids.size() - 1 - random.nextInt(Math.min(40, ids.size()))));
        cursors.add(ids.get(ids.size() - 1 - random.nextInt(Math.min(15, ids.size()))));
        return inTurn(cursors.size(), c -> replay(user, cursors.get(c), horizons.get(user.userId())).map(same -> {
          if (same) {
            compared[0]++;
          } else {
            resynced[0]++;
          }
          return null;
        }));
      }).map(v -> {
        log.add("replays compared: " + compared[0] + ", RESYNC: " + resynced[0]);
        System.out.println("AudienceModelTest seed " + seed + ": " + compared[0] + " replays compared with live, " + resynced[0] + " RESYNC");
        assertTrue(compared[0] >= users.size(), "RESYNC must not be the answer to everything: " + compared[0] + " compared, " + resynced[0] + " RESYNC");
        return null;
      });
    }

    /**
     * One replay, compared with what the user got live up to their horizon (everything after it may
     * still be on its way to the live stream). False when the server answered RESYNC.
     */
    Future<Boolean> replay(Api.Session user, long cursor, long horizon) {
      List<Sse.Event> got = new ArrayList<>();
      return Sse.using(user.stream(Long.toString(cursor)), stream -> readReplay(stream, got, new int[1], horizon)).map(resumed -> {
        if (!resumed) {
          return false;
        }
        List<Sse.Event> expected = new ArrayList<>();
        for (Sse.Event e : live.get(user.userId()).seen()) {
          if (e.id() != null && Long.parseLong(e.id()) > cursor && Long.parseLong(e.id()) <= horizon && !redacted(e)) {
            expected.add(e);
          }
        }
        String what = user.username() + " from cursor " + cursor;
        if (!ids(got).equals(ids(expected))) {
          List<String> extra = new ArrayList<>(ids(got));
          extra.removeAll(ids(expected));
          List<String> missing = new ArrayList<>(ids(expected));
          missing.removeAll(ids(got));
          fail("replay for " + what + " differs from live: extra (leaked) " + extra + ", missing (lost) " + missing);
        }
        for (int i = 0; i < got.size(); i++) {
          checkPayload(what, expected.get(i), got.get(i));
        }
        return true;
      });
    }

    /**
     * Reads a replay to its end: true at RESUMED (whose count is checked), false at RESYNC; the events
     * up to the horizon go to {@code got}. Events already in hand are taken in a loop rather than by
     * recursion, so that a long replay does not grow the stack.
     */
    Future<Boolean> readReplay(Sse stream, List<Sse.Event> got, int[] replayed, long horizon) {
      while (true) {
        Future<Sse.Event> next = stream.next(e -> e.id() != null || e.type().equals("RESUMED") || e.type().equals("RESYNC"), "the replay's end");
        if (!next.isComplete()) {
          return next.compose(event -> {
            Boolean end = take(event, got, replayed, horizon);
            return end != null ? Future.succeededFuture(end) : readReplay(stream, got, replayed, horizon);
          });
        }
        if (next.failed()) {
          return Future.failedFuture(next.cause());
        }
        Boolean end;
        try {
          end = take(next.result(), got, replayed, horizon);
        } catch (Throwable t) {
          return Future.failedFuture(t);
        }
        if (end != null) {
          return Future.succeededFuture(end);
        }
      }
    }

    /** One replayed event: true at RESUMED, false at RESYNC, null to read on. */
    Boolean take(Sse.Event event, List<Sse.Event> got, int[] replayed, long horizon) {
      if (event.type().equals("RESYNC")) {
        return false;
      }
      if (event.type().equals("RESUMED")) {
        assertEquals(replayed[0], event.data().getInteger("replayed"), "RESUMED counts what was replayed");
        return true;
      }
      replayed[0]++;
      if (Long.parseLong(event.id()) <= horizon) {
        got.add(event);
      }
      return null;
    }

    /** The log keeps no deleted message's events but its MESSAGE_DELETE, and nothing of a deleted channel. */
    boolean redacted(Sse.Event e) {
      JsonObject data = e.data();
      if (e.type().startsWith("MESSAGE_") && !e.type().equals("MESSAGE_DELETE")) {
        String message = e.type().startsWith("MESSAGE_REACTION") ? data.getString("message_id") : data.getString("id");
        return deletedMessages.contains(message) || deletedChannels.contains(data.getString("channel_id"));
      }
      return false;
    }

    void checkPayload(String what, Sse.Event live, Sse.Event replayed) {
      if (!replayed.type().equals("MESSAGE_CREATE") && !replayed.type().equals("MESSAGE_UPDATE")) {
        assertEquals(live.data(), replayed.data(), "the payload of " + replayed.type() + " " + replayed.id() + " for " + what);
        return;
      }
      JsonObject message = replayed.data();
      String text = messages.get(message.getString("id")).getString("content");
      assertEquals(text, message.getString("content"), "a replayed message carries its text as it is now (" + what + ")");
      JsonObject quoted = message.getJsonObject("referenced_message");
      String quotedId = message.getJsonObject("message_reference") == null ? null
          : message.getJsonObject("message_reference").getString("message_id");
      if (quotedId != null && deletedMessages.contains(quotedId)) {
        assertEquals(null, quoted, "a reply to a deleted message quotes nothing on replay (" + what + ")");
      } else if (quoted != null) {
        assertEquals(messages.get(quotedId).getString("content"), quoted.getString("content"), "a reply quotes the text as it is now (" + what + ")");
      }
    }

    // ---- helpers

    /** Sends the request, logs its outcome, and fails on a server error (a 5xx is never a right answer). */
    Future<Api.Reply> act(String description, Supplier<Future<Api.Reply>> request) {
      return request.get().map(reply -> {
        log.add(description + " -> " + reply.status());
        if (reply.status() >= 500) {
          fail(description + " answered " + reply);
        }
        return reply;
      });
    }

    Future<Api.Reply> ok(Future<Api.Reply> reply, String what) {
      return reply.map(answered -> {
        if (answered.status() >= 300) {
          fail(what + ": " + answered);
        }
        return answered;
      });
    }

    Api.Session session(String userId) {
      return users.stream().filter(u -> u.userId().equals(userId)).findFirst().orElseThrow();
    }

    Api.Session member(String g) {
      String id = any(new ArrayList<>(membersOf.get(g)));
      return id == null ? null : session(id);
    }

    /** The guild a channel is in, or null (a DM, a thread or a deleted channel). */
    String guildOfChannel(String channel) {
      return channelsOf.entrySet().stream().filter(e -> e.getValue().contains(channel)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    String anyMessageIn(String channel) {
      List<String> in = messages.entrySet().stream().filter(m -> m.getValue().getString("channel").equals(channel)).map(Map.Entry::getKey).toList();
      return any(in);
    }

    <T> T any(List<T> list) {
      return list == null || list.isEmpty() ? null : list.get(random.nextInt(list.size()));
    }

    List<String> ids(List<Sse.Event> events) {
      return events.stream().map(e -> e.id() + " " + e.type()).toList();
    }
  }
}
