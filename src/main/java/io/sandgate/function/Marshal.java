package io.sandgate.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code marshal} format (version 4, which CPython and PyPy both read and write) for the
 * values a function exchanges with its bootstrap. The interpreter has {@code marshal} loaded before
 * any program runs, where {@code json} costs an import — with {@code re} — on every call in a fresh
 * interpreter. Writes JSON-shaped values; reads them back as JSON nodes, bytes as binary nodes,
 * refusing what JSON cannot carry (sets, complex numbers, NaN, cycles) as Python's json would.
 */
final class Marshal {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int FLAG_REF = 0x80;
  private static final int MAX_DEPTH = 2000;

  private Marshal() {}

  /**
   * {@code value} (objects, arrays, text, numbers, booleans, null) as {@code marshal.loads} reads
   * it.
   */
  static byte[] write(JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static void write(JsonNode value, ByteArrayOutputStream out) {
    switch (value.getNodeType()) {
      case NULL, MISSING -> out.write('N');
      case BOOLEAN -> out.write(value.booleanValue() ? 'T' : 'F');
      case STRING -> {
        byte[] utf8 = value.textValue().getBytes(StandardCharsets.UTF_8);
        out.write('u');
        int32(utf8.length, out);
        out.writeBytes(utf8);
      }
      case NUMBER -> number(value, out);
      case ARRAY -> {
        out.write('[');
        int32(value.size(), out);
        value.forEach(item -> write(item, out));
      }
      case OBJECT -> {
        out.write('{');
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          write(NODES.textNode(e.getKey()), out);
          write(e.getValue(), out);
        }
        out.write('0');
      }
      default -> throw new IllegalArgumentException("no marshal form for " + value.getNodeType());
    }
  }

  private static void number(JsonNode value, ByteArrayOutputStream out) {
    if (!value.isIntegralNumber()) {
      out.write('g');
      out.writeBytes(
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putDouble(value.doubleValue())
              .array());
    } else if (value.canConvertToInt()) {
      out.write('i');
      int32(value.intValue(), out);
    } else {
      // 15-bit digits, least significant first; the sign is the count's.
      BigInteger magnitude = value.bigIntegerValue().abs();
      List<Integer> digits = new ArrayList<>();
      for (; magnitude.signum() > 0; magnitude = magnitude.shiftRight(15)) {
        digits.add(magnitude.intValue() & 0x7fff);
      }
      out.write('l');
      int32(value.bigIntegerValue().signum() < 0 ? -digits.size() : digits.size(), out);
      digits.forEach(
          d -> {
            out.write(d & 0xff);
            out.write(d >>> 8);
          });
    }
  }

  private static void int32(int v, ByteArrayOutputStream out) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /**
   * What {@code marshal.dumps} wrote, as JSON nodes (bytes as binary nodes).
   *
   * @throws FunctionAnswers.Unsendable when it holds something JSON cannot carry
   * @throws IllegalArgumentException when it is not marshal data
   */
  static JsonNode read(byte[] data) {
    Reader reader = new Reader(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    JsonNode value;
    try {
      value = reader.read(0);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the data ends inside a value");
    }
    if (reader.in.hasRemaining()) {
      throw new IllegalArgumentException("data after the value");
    }
    return value;
  }

  private static final class Reader {
    private final ByteBuffer in;
    private final List<JsonNode> refs = new ArrayList<>();

    /** Containers being read: a reference to one of them is a cycle. */
    private final Map<JsonNode, Boolean> open = new IdentityHashMap<>();

    Reader(ByteBuffer in) {
      this.in = in;
    }

    JsonNode read(int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("nested too deep");
      }
      int code = u8();
      boolean ref = (code & FLAG_REF) != 0;
      char type = (char) (code & ~FLAG_REF);
      return switch (type) {
        case 'r' -> {
          int index = in.getInt();
          if (index < 0 || index >= refs.size() || refs.get(index) == null) {
            throw new IllegalArgumentException("bad reference");
          }
          JsonNode target = refs.get(index);
          if (open.containsKey(target)) {
            throw unsendable("Circular reference detected");
          }
          yield target;
        }
        case '(', '[' -> array(in.getInt(), ref, depth);
        case ')' -> array(u8(), ref, depth);
        case '{' -> object(ref, depth);
        default -> remember(ref, scalar(type));
      };
    }

    private JsonNode scalar(char type) {
      return switch (type) {
        case 'N' -> NODES.nullNode();
        case 'T' -> NODES.booleanNode(true);
        case 'F' -> NODES.booleanNode(false);
        case 'i' -> NODES.numberNode(in.getInt());
        case 'l' -> NODES.numberNode(bigInteger(in.getInt()));
        case 'g' -> {
          double d = in.getDouble();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw unsendable("Out of range float values are not JSON compliant");
          }
          yield NODES.numberNode(d);
        }
        case 's' -> NODES.binaryNode(bytes(in.getInt()));
        case 'u', 't', 'a', 'A' ->
            NODES.textNode(new String(bytes(in.getInt()), StandardCharsets.UTF_8));
        case 'z', 'Z' -> NODES.textNode(new String(bytes(u8()), StandardCharsets.US_ASCII));
        case '<', '>' ->
            throw unsendable(
                "Object of type "
                    + (type == '<' ? "set" : "frozenset")
                    + " is not JSON serializable");
        case 'x', 'y' -> throw unsendable("Object of type complex is not JSON serializable");
        case '.' -> throw unsendable("Object of type ellipsis is not JSON serializable");
        case 'c' -> throw unsendable("Object of type code is not JSON serializable");
        default -> throw new IllegalArgumentException("unknown marshal type " + (int) type);
      };
    }

    private ArrayNode array(int size, boolean ref, int depth) {
      if (size < 0 || size > in.remaining()) {
        throw new IllegalArgumentException("bad size");
      }
      ArrayNode array = NODES.arrayNode(size);
      remember(ref, array);
      open.put(array, true);
      for (int i = 0; i < size; i++) {
        array.add(read(depth + 1));
      }
      open.remove(array);
      return array;
    }

    private ObjectNode object(boolean ref, int depth) {
      ObjectNode object = NODES.objectNode();
      remember(ref, object);
      open.put(object, true);
      while (true) {
        if (!in.hasRemaining()) {
          throw new IllegalArgumentException("unterminated dict");
        }
        if (in.get(in.position()) == '0') {
          in.get();
          break;
        }
        String key = key(read(depth + 1));
        object.set(key, read(depth + 1));
      }
      open.remove(object);
      return object;
    }

    /** Python's json turns keys of these types into strings; any other key it refuses. */
    private static String key(JsonNode key) {
      if (key.isTextual()) {
        return key.textValue();
      }
      if (key.isNull()) {
        return "null";
      }
      if (key.isBoolean() || key.isIntegralNumber() || key.isFloatingPointNumber()) {
        return key.asText();
      }
      throw unsendable(
          "keys must be str, int, float, bool or None, not "
              + (key.isBinary()
                  ? "bytes"
                  : key.isArray() ? "tuple" : key.getNodeType().name().toLowerCase()));
    }

    private <T extends JsonNode> T remember(boolean ref, T node) {
      if (ref) {
        refs.add(node);
      }
      return node;
    }

    private BigInteger bigInteger(int count) {
      int digits = Math.abs(count);
      if (digits > in.remaining() / 2) {
        throw new IllegalArgumentException("bad size");
      }
      BigInteger value = BigInteger.ZERO;
      for (int i = 0; i < digits; i++) {
        value = value.or(BigInteger.valueOf(in.getShort() & 0x7fff).shiftLeft(15 * i));
      }
      return count < 0 ? value.negate() : value;
    }

    private byte[] bytes(int size) {
      if (size < 0 || size > in.remaining()) {
        throw new IllegalArgumentException("bad size");
      }
      byte[] b = new byte[size];
      in.get(b);
      return b;
    }

    private int u8() {
      return in.get() & 0xff;
    }

    private static FunctionAnswers.Unsendable unsendable(String why) {
      return new FunctionAnswers.Unsendable("the return value cannot be sent: " + why);
    }
  }
}
