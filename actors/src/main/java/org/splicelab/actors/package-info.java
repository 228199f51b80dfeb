/**
 * The Akka Typed actors that stand for kernel objects: {@link org.splicelab.actors.PageCacheActor} (one
 * per file), {@link org.splicelab.actors.PipeActor}, {@link org.splicelab.actors.SocketActor} (one per
 * end) and {@link org.splicelab.actors.ProcessActor}; and the run they belong to
 * ({@link org.splicelab.actors.Kernel}). Each actor is thin: the object's state lives in a plain domain
 * class confined to the actor (for example {@link org.splicelab.actors.PipeRing}); page references and
 * page data are shared and touched through {@link org.splicelab.memory.PageArena} from any actor's
 * thread, as in the kernel.
 */
package org.splicelab.actors;
