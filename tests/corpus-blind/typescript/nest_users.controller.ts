import { Body, Controller, Get, Headers, HttpException, HttpStatus, Param, Post, Query, Res } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import type { Response } from "express";
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import { randomBytes, timingSafeEqual } from "crypto";
import { User } from "./user.entity";

const AVATAR_DIR = "/srv/app/avatars";
const ALLOWED_NEXT = new Set<string>(["/", "/profile", "/billing"]);

interface InviteDto {
  email: string;
  team: string;
}

@Controller("users")
export class UsersController {
  // ruleid: hardcoded-credentials
  private readonly adminToken = "nest-admin-7f3c9e1b2a";

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  private isAdmin(header: string | undefined): boolean {
    // ok: hardcoded-credentials
    const expected = Buffer.from(process.env.ADMIN_TOKEN ?? "");
    const given = Buffer.from(header ?? "");
    return expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
  }

  @Get("search")
  async search(@Query("q") q: string) {
    // ruleid: sql-injection
    return this.users.query(`SELECT id, email FROM users WHERE display_name ILIKE '%${q}%'`);
  }

  @Get("search/v2")
  async searchSafe(@Query("q") q: string) {
    // ok: sql-injection
    return this.users.query("SELECT id, email FROM users WHERE display_name ILIKE $1", [`%${q}%`]);
  }

  @Get("by-email")
  async byEmail(@Query("email") email: string) {
    // ruleid: sql-injection
    return this.users.createQueryBuilder("u").where("u.email = '" + email + "'").getOne();
  }

  @Get("by-email/v2")
  async byEmailSafe(@Query("email") email: string) {
    // ok: sql-injection
    return this.users.createQueryBuilder("u").where("u.email = :email", { email }).getOne();
  }

  @Post(":id/avatar/resize")
  resize(@Param("id") id: string, @Body("size") size: string, @Headers("x-admin-token") token: string) {
    if (token !== this.adminToken) {
      throw new HttpException("forbidden", HttpStatus.FORBIDDEN);
    }
    // ruleid: os-command-injection
    cp.exec(`convert ${AVATAR_DIR}/${id}.png -resize ${size} ${AVATAR_DIR}/${id}-small.png`);
    return { queued: true };
  }

  @Post(":id/avatar/resize-v2")
  resizeSafe(@Param("id") id: string, @Body("size") size: string, @Headers("x-admin-token") token: string) {
    if (!this.isAdmin(token) || !/^\d{1,4}x\d{1,4}$/.test(size) || !/^\d+$/.test(id)) {
      throw new HttpException("bad request", HttpStatus.BAD_REQUEST);
    }
    // ok: os-command-injection
    cp.spawn("convert", [`${AVATAR_DIR}/${id}.png`, "-resize", size, `${AVATAR_DIR}/${id}-small.png`]);
    return { queued: true };
  }

  @Get("avatar/:file")
  avatar(@Param("file") file: string, @Res() res: Response) {
    // ruleid: path-traversal
    fs.createReadStream(path.join(AVATAR_DIR, file)).pipe(res);
  }

  @Get("avatar-v2/:file")
  avatarSafe(@Param("file") file: string, @Res() res: Response) {
    // ok: path-traversal
    fs.createReadStream(path.join(AVATAR_DIR, path.basename(file))).pipe(res);
  }

  @Get("continue")
  continueTo(@Query("next") next: string, @Res() res: Response) {
    // ruleid: open-redirect
    res.redirect(302, next);
  }

  @Get("continue/v2")
  continueSafe(@Query("next") next: string, @Res() res: Response) {
    if (!ALLOWED_NEXT.has(next)) {
      return res.redirect(302, "/");
    }
    // ok: open-redirect
    return res.redirect(302, next);
  }

  @Get("hello")
  hello(@Query("name") name: string, @Res() res: Response) {
    // ruleid: cross-site-scripting
    res.type("html").send(`<p>Hello ${name}</p>`);
  }

  @Get("hello/v2")
  helloJson(@Query("name") name: string) {
    // ok: cross-site-scripting
    return { greeting: `Hello ${name}` };
  }

  @Post("invite")
  async invite(@Body() dto: InviteDto) {
    // ruleid: weak-random-number-generation
    const inviteCode = Math.random().toString(16).substring(2, 14);
    // ok: weak-random-number-generation
    const acceptToken = randomBytes(24).toString("base64url");
    await this.users.query("INSERT INTO invites (email, team, code, token) VALUES ($1, $2, $3, $4)", [dto.email, dto.team, inviteCode, acceptToken]);
    return { sent: true };
  }
}
