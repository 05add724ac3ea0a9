import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ProblemList, unreadable } from '../problems.js';
import { awsRegionForLocation } from '../awsRegion.js';
import { PriceListAccumulator, specFromProduct } from '../awsPriceList.js';
import { type Importer, dateFromFileName, isoDate, sourceIdOf, wantRegion } from './importer.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const MAX_FIELDS = 1024;
/** Metadata lines before the header; the real files have 5. */
const MAX_PREAMBLE = 50;

/**
 * A quote-aware CSV record scanner over raw bytes. It records field boundaries only; the
 * importer decodes the handful of fields it needs from rows that pass the byte-level filters,
 * so the ~99 % of an EC2 offer file that is Windows, RHEL, dedicated tenancy or reservations
 * is skipped without creating a string. Quoted fields are found with Buffer.indexOf (memchr),
 * which is what makes the scan run at hundreds of MiB/s (ecosystem.md §B.2: csv-parse manages
 * ~36 MiB/s on this shape, too close to the 30 MiB/s target).
 */
class RecordScanner {
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  readonly escaped = new Uint8Array(MAX_FIELDS);
  count = 0;
  malformed = false;
  unterminated = false;

  /**
   * Scans one record starting at `pos`. Returns the position after its line ending, or -1
   * when the buffer ends inside the record and more input may follow (`atEof` false).
   */
  scan(buf: Buffer, pos: number, atEof: boolean): number {
    const len = buf.length;
    const starts = this.starts;
    const ends = this.ends;
    const escaped = this.escaped;
    let i = pos;
    let n = 0;
    this.malformed = false;
    this.unterminated = false;
    for (;;) {
      if (n >= MAX_FIELDS) throw new RangeError(`a record has more than ${MAX_FIELDS} fields`);
      if (i < len && buf[i] === QUOTE) {
        const start = i + 1;
        let j = start;
        let esc = 0;
        for (;;) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0) {
            if (!atEof) return -1;
            this.unterminated = true;
            starts[n] = start;
            ends[n] = len;
            escaped[n] = esc;
            this.count = n + 1;
            return len;
          }
          if (q + 1 >= len && !atEof) return -1;
          if (q + 1 < len && buf[q + 1] === QUOTE) {
            esc = 1;
            j = q + 2;
            continue;
          }
          starts[n] = start;
          ends[n] = q;
          escaped[n] = esc;
          n++;
          i = q + 1;
          break;
        }
        if (i < len) {
          const c = buf[i];
          if (c !== COMMA && c !== LF && c !== CR) {
            this.malformed = true;
            while (i < len && buf[i] !== COMMA && buf[i] !== LF && buf[i] !== CR) i++;
          }
        }
      } else {
        const start = i;
        while (i < len) {
          const c = buf[i];
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        starts[n] = start;
        ends[n] = i;
        escaped[n] = 0;
        n++;
      }
      if (i >= len) {
        if (!atEof) return -1;
        this.count = n;
        return len;
      }
      const c = buf[i];
      if (c === COMMA) {
        i++;
        continue;
      }
      this.count = n;
      if (c === CR) {
        if (i + 1 >= len && !atEof) return -1;
        return i + 1 < len && buf[i + 1] === LF ? i + 2 : i + 1;
      }
      return i + 1;
    }
  }

  text(buf: Buffer, field: number): string {
    const s = buf.toString('utf8', this.starts[field]!, this.ends[field]!);
    return this.escaped[field] ? s.replace(/""/g, '"') : s;
  }

  /** Byte comparison against an ASCII constant, without decoding. */
  equals(buf: Buffer, field: number, ascii: Uint8Array): boolean {
    const s = this.starts[field]!;
    if (this.ends[field]! - s !== ascii.length) return false;
    for (let k = 0; k < ascii.length; k++) if (buf[s + k] !== ascii[k]) return false;
    return true;
  }

  isEmpty(field: number): boolean {
    return this.ends[field] === this.starts[field];
  }
}

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const B = {
  computeInstance: bytes('Compute Instance'),
  computeInstanceMetal: bytes('Compute Instance (bare metal)'),
  linux: bytes('Linux'),
  shared: bytes('Shared'),
  na: bytes('NA'),
  used: bytes('Used'),
  noLicense: bytes('No License required'),
  usd: bytes('USD'),
  onDemand: bytes('OnDemand'),
  reserved: bytes('Reserved'),
  hrs: bytes('Hrs'),
};

const REQUIRED = ['SKU', 'OfferTermCode', 'TermType', 'Unit', 'PricePerUnit', 'Product Family', 'Instance Type', 'Operating System', 'Tenancy', 'Pre Installed S/W'] as const;
const OPTIONAL = ['Currency', 'LeaseContractLength', 'PurchaseOption', 'OfferingClass', 'Location', 'Region Code', 'vCPU', 'Memory', 'GPU', 'Network Performance', 'Physical Processor', 'CapacityStatus', 'License Model'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/**
 * The AWS bulk offer file as CSV (`…/offers/v1.0/aws/AmazonEC2/current/<region>/index.csv`):
 * metadata lines ("FormatVersion", "Disclaimer", "Publication Date", "Version", "OfferCode"),
 * then a header starting with "SKU", then one row per price dimension, every field quoted.
 *
 * Streamed in 1 MiB chunks: memory is bounded by the number of distinct Linux shared-tenancy
 * instance prices, never by the file (a full EC2 offer file is several GB, past Node's 512 MiB
 * string limit). Keeps OnDemand and Standard Reserved terms; see awsPriceList.ts.
 */
export const awsOfferCsv: Importer = {
  format: 'aws-offer-csv',
  description: 'AWS Price List bulk offer file, CSV (metadata lines, then a header starting "SKU"), streamed',
  provides: 'specs, on-demand and Standard reserved prices per region',
  multiFile: true,
  async run(paths, options) {
    const acc = new PriceListAccumulator();
    let published: string | null = null;
    let rows = 0;
    let kept = 0;
    let totalBytes = 0;
    const sizes: number[] = [];
    for (const path of paths) {
      try {
        sizes.push((await stat(path)).size);
      } catch (err) {
        throw unreadable(path, err);
      }
    }
    totalBytes = sizes.reduce((a, b) => a + b, 0);
    let doneBytes = 0;

    for (const path of paths) {
      const problems = new ProblemList(path);
      const scanner = new RecordScanner();
      const col = new Map<Column, number>();
      let header = false;
      let fieldCount = 0;
      let preamble = 0;
      let line = 1;
      const unknownLocations = new Set<string>();
      const idx = (c: Column) => col.get(c) ?? -1;
      let iSku = -1, iTermCode = -1, iTermType = -1, iUnit = -1, iPrice = -1, iFamily = -1, iType = -1, iOs = -1, iTenancy = -1, iPreSw = -1;
      let iCurrency = -1, iLease = -1, iOption = -1, iClass = -1, iLocation = -1, iRegion = -1, iVcpu = -1, iMemory = -1, iGpu = -1, iNet = -1, iCpu = -1, iCap = -1, iLicense = -1;

      const handle = (buf: Buffer, start: number, end: number) => {
        const recordLine = line;
        // Line numbers stay exact when a quoted field spans lines.
        let lf = buf.indexOf(LF, start);
        line++;
        while (lf >= 0 && lf < end - 1) {
          line++;
          lf = buf.indexOf(LF, lf + 1);
        }
        const s = scanner;
        if (s.count === 1 && s.isEmpty(0)) return;
        if (s.unterminated) {
          problems.add('a quoted field is never closed', recordLine);
          return;
        }
        if (!header) {
          const first = s.text(buf, 0);
          if (first === 'SKU') {
            header = true;
            fieldCount = s.count;
            for (let f = 0; f < s.count; f++) {
              const name = s.text(buf, f) as Column;
              if (!col.has(name)) col.set(name, f);
            }
            for (const c of REQUIRED) if (!col.has(c)) problems.add(`missing column "${c}" in the header`, recordLine);
            if (!col.has('Location') && !col.has('Region Code')) problems.add('missing column "Location" or "Region Code" in the header', recordLine);
            problems.throwIfAny('the offer file header');
            [iSku, iTermCode, iTermType, iUnit, iPrice, iFamily, iType, iOs, iTenancy, iPreSw] = REQUIRED.map(idx) as [number, number, number, number, number, number, number, number, number, number];
            [iCurrency, iLease, iOption, iClass, iLocation, iRegion, iVcpu, iMemory, iGpu, iNet, iCpu, iCap, iLicense] = OPTIONAL.map(idx) as [number, number, number, number, number, number, number, number, number, number, number, number, number];
            return;
          }
          if (s.count >= 2 && first === 'Publication Date') published = isoDate(s.text(buf, 1));
          if (++preamble > MAX_PREAMBLE) {
            problems.add(`no header row starting with "SKU" in the first ${MAX_PREAMBLE} records (is this an AWS offer-file CSV?)`);
            throw problems.fail('the offer file');
          }
          return;
        }
        rows++;
        if (s.count !== fieldCount) {
          problems.add(`expected ${fieldCount} fields, found ${s.count}`, recordLine);
          return;
        }
        if (s.malformed) {
          problems.add('text after a closing quote', recordLine);
          return;
        }
        if (!s.equals(buf, iOs, B.linux)) return;
        if (!s.equals(buf, iTenancy, B.shared)) return;
        if (!s.equals(buf, iPreSw, B.na)) return;
        if (!s.equals(buf, iFamily, B.computeInstance) && !s.equals(buf, iFamily, B.computeInstanceMetal)) return;
        if (iCap >= 0 && !s.isEmpty(iCap) && !s.equals(buf, iCap, B.used)) return;
        if (iLicense >= 0 && !s.isEmpty(iLicense) && !s.equals(buf, iLicense, B.noLicense)) return;
        if (iCurrency >= 0 && !s.isEmpty(iCurrency) && !s.equals(buf, iCurrency, B.usd)) return;
        const onDemand = s.equals(buf, iTermType, B.onDemand);
        if (!onDemand && !s.equals(buf, iTermType, B.reserved)) return;

        let region = iRegion >= 0 && !s.isEmpty(iRegion) ? s.text(buf, iRegion) : undefined;
        if (region === undefined && iLocation >= 0) {
          const location = s.text(buf, iLocation);
          region = awsRegionForLocation(location);
          if (region === undefined) {
            if (!unknownLocations.has(location)) problems.add(`unknown location ${JSON.stringify(location)}`, recordLine, 'Location');
            unknownLocations.add(location);
            return;
          }
        }
        if (region === undefined || !wantRegion(options, region)) return;
        const type = s.text(buf, iType);
        const priceText = s.text(buf, iPrice);
        const usd = Number(priceText);
        if (priceText === '' || !Number.isFinite(usd) || usd < 0) {
          problems.add(`expected a price, got ${JSON.stringify(priceText)}`, recordLine, 'PricePerUnit');
          return;
        }
        kept++;
        const opt = (i: number) => (i >= 0 ? s.text(buf, i) : undefined);
        if (!acc.hasSpec(region, type)) acc.addSpec(specFromProduct(region, type, { vcpu: opt(iVcpu), memory: opt(iMemory), gpu: opt(iGpu), networkPerformance: opt(iNet), physicalProcessor: opt(iCpu) }));
        if (onDemand) {
          if (s.equals(buf, iUnit, B.hrs) && usd > 0) acc.addOnDemand(region, type, usd);
        } else {
          acc.addReservedDimension(`${s.text(buf, iSku)}/${s.text(buf, iTermCode)}`, region, type, opt(iLease) ?? '', opt(iOption) ?? '', opt(iClass) ?? '', s.text(buf, iUnit), usd);
        }
      };

      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      let carry: Buffer | null = null;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
          let pos = 0;
          while (pos < buf.length) {
            const next = scanner.scan(buf, pos, false);
            if (next < 0) break;
            handle(buf, pos, next);
            pos = next;
          }
          carry = pos < buf.length ? buf.subarray(pos) : null;
          doneBytes += chunk.length;
          options.onProgress?.(doneBytes, totalBytes);
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code) throw unreadable(path, err);
        throw err;
      }
      if (carry && carry.length > 0) {
        let pos = 0;
        while (pos < carry.length) {
          const next = scanner.scan(carry, pos, true);
          handle(carry, pos, next);
          pos = next;
        }
      }
      if (!header) problems.add('no header row starting with "SKU" (is this an AWS offer-file CSV?)');
      problems.throwIfAny('the offer file');
    }
    const records = acc.records();
    return {
      format: this.format,
      sourceId: sourceIdOf(paths),
      asOf: published ?? paths.map(dateFromFileName).find((d) => d !== null) ?? null,
      records,
      notes: [
        `${rows} price rows scanned, ${kept} Linux shared-tenancy instance rows kept, ${records.length} priced (type, region) pairs` +
          (acc.conflicts ? `; ${acc.conflicts} types had several on-demand prices (the lowest was kept)` : ''),
      ],
    };
  },
};
