import jwt from "jsonwebtoken";

const ALGORITHM = "HS256";

export function signToken(userId: string, secret: string, expiresIn: string): string {
  return jwt.sign({}, secret, { subject: userId, expiresIn: expiresIn as jwt.SignOptions["expiresIn"], algorithm: ALGORITHM });
}

/** The user id of a valid token, or null when it is malformed, forged or expired. */
export function verifyToken(token: string, secret: string): string | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
    return typeof payload === "object" && typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
