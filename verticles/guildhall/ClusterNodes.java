package guildhall;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Which node this is, and which nodes leave the cluster: the cluster manager's membership, for what a
 * dead node leaves behind (its users' presence, its place in the commit order). Hazelcast's own listener,
 * not the cluster manager's single node listener, which Vert.x itself uses.
 */
public final class ClusterNodes {
  /** The attribute under which Vert.x records its node id on each Hazelcast member. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  /** When not clustered, one id for the life of the process. */
  private static final String ALONE = UUID.randomUUID().toString();

  private ClusterNodes() {}

  public static boolean clustered(Vertx vertx) {
    return vertx.isClustered();
  }

  /** This node's id as other nodes know it (Vert.x's cluster node id), or a process-wide id when alone. */
  public static String self(Vertx vertx) {
    ClusterManager manager = manager(vertx);
    return manager == null ? ALONE : manager.getNodeId();
  }

  /** Calls {@code onLeft} on the caller's context with the id of each node that leaves the cluster. */
  public static void onLeft(Vertx vertx, Consumer<String> onLeft) {
    if (!(manager(vertx) instanceof HazelcastClusterManager hazelcast)) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    hazelcast.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(VERTX_NODE_ID);
        if (nodeId != null) {
          context.runOnContext(v -> onLeft.accept(nodeId));
        }
      }
    });
  }

  private static ClusterManager manager(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }
}
