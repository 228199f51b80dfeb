package org.splicelab.cluster;

/**
 * Every message that crosses between cluster nodes: bound to Akka's Jackson CBOR serializer in
 * {@link ClusterNode#config} (no Java serialization; Akka refuses it by default).
 */
public interface ClusterMessage {
}
