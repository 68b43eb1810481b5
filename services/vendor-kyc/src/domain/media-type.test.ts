import { detectMediaType } from "./media-type.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe("detecting a document's type from its bytes", () => {
  it("recognises PDF, PNG and JPEG by their magic numbers", () => {
    expect(detectMediaType(text("%PDF-1.4\n..."))).toBe("application/pdf");
    expect(detectMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe("image/png");
    expect(detectMediaType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe("image/jpeg");
  });

  it("refuses anything else, whatever it is called", () => {
    expect(detectMediaType(text("just a text file named kbis.pdf"))).toBeNull();
    expect(detectMediaType(text("%PDF"))).toBeNull(); // the dash is part of the signature
    expect(detectMediaType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull(); // a truncated PNG signature
    expect(detectMediaType(text("GIF89a"))).toBeNull();
    expect(detectMediaType(new Uint8Array())).toBeNull();
  });
});
