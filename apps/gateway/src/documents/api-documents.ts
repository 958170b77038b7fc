import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

/** Holds the OpenAPI document, built once from the application's controllers at start-up. */
@Injectable()
export class ApiDocuments {
  private document?: OpenAPIObject;

  publish(document: OpenAPIObject): void {
    this.document = document;
  }

  get openApi(): OpenAPIObject {
    if (!this.document) throw new Error('The OpenAPI document is built in createGatewayApp before the app listens');
    return this.document;
  }
}
