// What gzip spends on each byte of its input, read from gzip's own stream: the stream is decoded (RFC 1951)
// and every bit charged to the bytes it produces. A literal's code goes to its byte; a match's length and
// distance codes are shared by the bytes it copies (so text repeated from elsewhere costs little where it
// repeats); a block's Huffman tables and end code are shared by all its bytes; gzip's 18 bytes of header
// and trailer are left to the caller. The costs add up to the stream's size, whatever the input, which a
// "size without this part" measure cannot do: gzip shares context across parts.
import { gzipSync } from 'node:zlib';

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
export const GZIP_FRAME_BYTES = 18;

/** `input` gzipped at level 9: its size, and the bits spent on each of its bytes. */
export function gzipCost(input) {
  const gz = gzipSync(input, { level: 9 });
  // Node writes a bare 10-byte header (no name, no extra field): the deflate stream follows it.
  if (gz[3] !== 0) throw new Error('gzip header with optional fields');
  const { output, bits } = inflateWithCost(gz.subarray(10, gz.length - 8));
  if (!output.equals(Buffer.from(input))) throw new Error('gzip-cost: the decoded stream differs from the input');
  return { gzip: gz.length, bits };
}

function inflateWithCost(stream) {
  const read = bitReader(stream);
  const out = [];
  const bits = [];
  let last = 0;
  while (!last) {
    const start = out.length;
    const headerStart = read.position();
    last = read.bits(1);
    const type = read.bits(2);
    if (type === 0) {
      storedBlock(read, out, bits);
      spread(bits, start, out.length, read.position() - headerStart - (out.length - start) * 8);
    } else {
      const [literals, distances] = type === 1 ? fixedCodes() : dynamicCodes(read);
      codedBlock(read, literals, distances, out, bits, headerStart);
    }
  }
  // The final byte's padding.
  spread(bits, 0, out.length, stream.length * 8 - read.position());
  return { output: Buffer.from(out), bits };
}

function storedBlock(read, out, bits) {
  read.align();
  const length = read.bits(16);
  read.bits(16);
  for (let i = 0; i < length; i++) {
    out.push(read.bits(8));
    bits.push(8);
  }
}

function codedBlock(read, literals, distances, out, bits, headerStart) {
  const start = out.length;
  let overhead = read.position() - headerStart;
  for (;;) {
    const before = read.position();
    const symbol = decode(read, literals);
    if (symbol === 256) {
      overhead += read.position() - before;
      break;
    }
    if (symbol < 256) {
      out.push(symbol);
      bits.push(read.position() - before);
      continue;
    }
    const length = LENGTH_BASE[symbol - 257] + read.bits(LENGTH_EXTRA[symbol - 257]);
    const code = decode(read, distances);
    const distance = DISTANCE_BASE[code] + read.bits(DISTANCE_EXTRA[code]);
    const share = (read.position() - before) / length;
    for (let i = 0; i < length; i++) {
      out.push(out[out.length - distance]);
      bits.push(share);
    }
  }
  spread(bits, start, out.length, overhead);
}

/** Charges `total` bits evenly to bytes [from, to). */
function spread(bits, from, to, total) {
  if (to === from) return;
  for (let i = from; i < to; i++) bits[i] += total / (to - from);
}

function dynamicCodes(read) {
  const literalCount = read.bits(5) + 257;
  const distanceCount = read.bits(5) + 1;
  const codeLengthCount = read.bits(4) + 4;
  const codeLengths = new Array(19).fill(0);
  for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = read.bits(3);
  const lengthCode = huffman(codeLengths);
  const lengths = [];
  while (lengths.length < literalCount + distanceCount) {
    const symbol = decode(read, lengthCode);
    if (symbol < 16) lengths.push(symbol);
    else if (symbol === 16) lengths.push(...new Array(3 + read.bits(2)).fill(lengths.at(-1)));
    else lengths.push(...new Array(symbol === 17 ? 3 + read.bits(3) : 11 + read.bits(7)).fill(0));
  }
  return [huffman(lengths.slice(0, literalCount)), huffman(lengths.slice(literalCount))];
}

function fixedCodes() {
  const literals = Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8));
  return [huffman(literals), huffman(new Array(30).fill(5))];
}

/** A canonical Huffman code from its lengths: how many codes per length, and the symbols in code order. */
function huffman(lengths) {
  const counts = new Array(16).fill(0);
  for (const length of lengths) counts[length]++;
  counts[0] = 0;
  const symbols = lengths
    .map((length, symbol) => [length, symbol])
    .filter(([length]) => length > 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, symbol]) => symbol);
  return { counts, symbols };
}

/** One symbol, a bit at a time (codes are read most significant bit first). */
function decode(read, { counts, symbols }) {
  let code = 0;
  let first = 0;
  let index = 0;
  for (let length = 1; length < 16; length++) {
    code |= read.bits(1);
    if (code - first < counts[length]) return symbols[index + code - first];
    index += counts[length];
    first = (first + counts[length]) << 1;
    code <<= 1;
  }
  throw new Error('gzip-cost: a code the table does not have');
}

/** Deflate's bit order: least significant bit of each byte first. */
function bitReader(bytes) {
  let position = 0;
  return {
    position: () => position,
    align: () => {
      position = Math.ceil(position / 8) * 8;
    },
    bits(count) {
      let value = 0;
      for (let i = 0; i < count; i++, position++) value |= ((bytes[position >> 3] >> (position & 7)) & 1) << i;
      return value;
    },
  };
}
