/**
 * A minimal Parquet writer for test fixtures (no writer ships with the project): one row group, REQUIRED
 * columns, PLAIN encoding, UNCOMPRESSED or GZIP pages. Enough to exercise the reader on real Parquet bytes.
 */
import { gzipSync } from 'node:zlib';

export type ParquetColumn =
  | { name: string; type: 'INT64'; values: bigint[] }
  | { name: string; type: 'DOUBLE'; values: number[] }
  | { name: string; type: 'BOOLEAN'; values: boolean[] }
  | { name: string; type: 'UTF8'; values: string[] };

const PHYSICAL = { BOOLEAN: 0, INT64: 2, DOUBLE: 5, UTF8: 6 } as const;

export function writeParquet(columns: ParquetColumn[], codec: 'UNCOMPRESSED' | 'GZIP' = 'UNCOMPRESSED'): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const chunks: { column: ParquetColumn; offset: number; size: number; uncompressed: number }[] = [];
  for (const column of columns) {
    const plain = plainValues(column);
    const data = codec === 'GZIP' ? gzipSync(plain) : plain;
    const header = struct([
      [1, 'i32', 0], // DATA_PAGE
      [2, 'i32', plain.length],
      [3, 'i32', data.length],
      [
        5,
        'struct',
        struct([
          [1, 'i32', rows],
          [2, 'i32', 0], // PLAIN
          [3, 'i32', 3], // RLE
          [4, 'i32', 3],
        ]),
      ],
    ]);
    const page = Buffer.concat([header, data]);
    chunks.push({ column, offset, size: page.length, uncompressed: header.length + plain.length });
    parts.push(page);
    offset += page.length;
  }
  const schema = [
    struct([
      [4, 'binary', 'schema'],
      [5, 'i32', columns.length],
    ]),
    ...columns.map((c) =>
      struct([
        [1, 'i32', PHYSICAL[c.type]],
        [3, 'i32', 0], // REQUIRED
        [4, 'binary', c.name],
        ...(c.type === 'UTF8' ? ([[6, 'i32', 0]] as Field[]) : []),
      ]),
    ),
  ];
  const columnChunks = chunks.map((c) =>
    struct([
      [2, 'i64', c.offset],
      [
        3,
        'struct',
        struct([
          [1, 'i32', PHYSICAL[c.column.type]],
          [2, 'list-i32', [0]],
          [3, 'list-binary', [c.column.name]],
          [4, 'i32', codec === 'GZIP' ? 2 : 0],
          [5, 'i64', rows],
          [6, 'i64', c.uncompressed],
          [7, 'i64', c.size],
          [9, 'i64', c.offset],
        ]),
      ],
    ]),
  );
  const rowGroup = struct([
    [1, 'list-struct', columnChunks],
    [2, 'i64', chunks.reduce((n, c) => n + c.uncompressed, 0)],
    [3, 'i64', rows],
  ]);
  const footer = struct([
    [1, 'i32', 1],
    [2, 'list-struct', schema],
    [3, 'i64', rows],
    [4, 'list-struct', [rowGroup]],
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  parts.push(footer, length, Buffer.from('PAR1'));
  return Buffer.concat(parts);
}

function plainValues(column: ParquetColumn): Buffer {
  switch (column.type) {
    case 'INT64': {
      const b = Buffer.alloc(8 * column.values.length);
      column.values.forEach((v, i) => b.writeBigInt64LE(v, 8 * i));
      return b;
    }
    case 'DOUBLE': {
      const b = Buffer.alloc(8 * column.values.length);
      column.values.forEach((v, i) => b.writeDoubleLE(v, 8 * i));
      return b;
    }
    case 'BOOLEAN': {
      const b = Buffer.alloc(Math.ceil(column.values.length / 8));
      column.values.forEach((v, i) => {
        if (v) b[i >> 3]! |= 1 << (i & 7);
      });
      return b;
    }
    case 'UTF8':
      return Buffer.concat(
        column.values.map((v) => {
          const s = Buffer.from(v);
          const n = Buffer.alloc(4);
          n.writeUInt32LE(s.length);
          return Buffer.concat([n, s]);
        }),
      );
  }
}

// Thrift compact protocol, just the types the footer needs.
type Field =
  | [number, 'i32' | 'i64', number]
  | [number, 'binary', string]
  | [number, 'struct', Buffer]
  | [number, 'list-i32', number[]]
  | [number, 'list-binary', string[]]
  | [number, 'list-struct', Buffer[]];

const TYPE = { i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;

function struct(fields: Field[]): Buffer {
  const out: Buffer[] = [];
  let last = 0;
  for (const [id, kind, value] of fields) {
    const type = kind.startsWith('list') ? TYPE.list : TYPE[kind as 'i32' | 'i64' | 'binary' | 'struct'];
    out.push(Buffer.from([((id - last) << 4) | type]));
    last = id;
    if (kind === 'i32' || kind === 'i64') out.push(varint(zigzag(value)));
    else if (kind === 'binary') out.push(binary(value));
    else if (kind === 'struct') out.push(value);
    else if (kind === 'list-i32') out.push(listHeader(value.length, TYPE.i32), ...value.map((v) => varint(zigzag(v))));
    else if (kind === 'list-binary') out.push(listHeader(value.length, TYPE.binary), ...value.map(binary));
    else out.push(listHeader((value as Buffer[]).length, TYPE.struct), ...(value as Buffer[]));
  }
  out.push(Buffer.from([0]));
  return Buffer.concat(out);
}

function listHeader(size: number, type: number): Buffer {
  return size < 15 ? Buffer.from([(size << 4) | type]) : Buffer.concat([Buffer.from([0xf0 | type]), varint(size)]);
}

function binary(s: string): Buffer {
  const bytes = Buffer.from(s);
  return Buffer.concat([varint(bytes.length), bytes]);
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n >= 0x80) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
