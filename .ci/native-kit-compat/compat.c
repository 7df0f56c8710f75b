/*
 * JDK 25 native entry points that the native-image kit's JDK 17 static libraries still lack,
 * each forwarded to the JDK 17 implementation of the same call (same arguments, same fields:
 * the JDK 17 code reads the descriptor through the IDs that initIDs caches). The embedded store
 * (SQLite) and PostgreSQL driver make them reachable. A real GraalVM or Mandrel has them all.
 */
#include <jni.h>

JNIEXPORT jlong JNICALL Java_java_io_RandomAccessFile_length(JNIEnv *, jobject);
JNIEXPORT jlong JNICALL Java_java_io_RandomAccessFile_length0(JNIEnv *env, jobject self) {
    return Java_java_io_RandomAccessFile_length(env, self);
}

JNIEXPORT void JNICALL Java_java_io_FileDescriptor_sync(JNIEnv *, jobject);
JNIEXPORT void JNICALL Java_java_io_FileDescriptor_sync0(JNIEnv *env, jobject self) {
    Java_java_io_FileDescriptor_sync(env, self);
}

JNIEXPORT jboolean JNICALL Java_java_io_Console_echo(JNIEnv *, jclass, jboolean);
JNIEXPORT jboolean JNICALL Java_jdk_internal_io_JdkConsoleImpl_echo(JNIEnv *env, jclass cls, jboolean on) {
    return Java_java_io_Console_echo(env, cls, on);
}
