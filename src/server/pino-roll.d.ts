// pino-roll ships no types: the part of its API duban uses (an async factory of a SonicBoom stream).
declare module 'pino-roll' {
  export interface RollStream {
    write(line: string): boolean;
    flushSync(): void;
    end(): void;
  }
  export default function roll(options: {
    file: string;
    extension?: string;
    size?: string | number;
    frequency?: string | number;
    limit?: { count: number };
    mkdir?: boolean;
  }): Promise<RollStream>;
}
