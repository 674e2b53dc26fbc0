package guildhall.api;

import guildhall.support.Backend;

/**
 * The audience model against three clustered nodes on one PostgreSQL: each user on a node of its own
 * (logins go round the nodes), so every change is made on one node and judged by the fan-out, the
 * replay and the snapshot of the others; every node's permission memory is compared with the database.
 */
class AudienceModelClusterTest extends AudienceModelTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }

  @Override
  protected int nodes() {
    return 3;
  }
}
