package io.publicip.allocation;

/**
 * The NAT/edge gateway that makes a reserved public address reach the instance. It is called
 * inside the allocating transaction, so a failure undoes the reservation too.
 */
public interface NatGateway {

    /** Allocates the address at the gateway and binds it to the instance. */
    void bind(Ipv4Address address, String instanceId) throws GatewayFailure;

    /** Removes the binding of the address, if there is one. */
    void unbind(Ipv4Address address);

    /** The gateway refused; {@link #stage()} says at which step. */
    final class GatewayFailure extends Exception {

        public enum Stage { ALLOCATE, BIND }

        private final Stage stage;

        public GatewayFailure(Stage stage, String message) {
            super(message);
            this.stage = stage;
        }

        public Stage stage() {
            return stage;
        }
    }
}
