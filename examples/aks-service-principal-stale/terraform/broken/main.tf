terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
    azuread = { source = "hashicorp/azuread", version = "~> 3.0" }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-shop"
  location = "westeurope"
}

resource "azurerm_container_registry" "acr" {
  name                = "shopacr"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  sku                 = "Standard"
}

resource "azuread_application" "old" {
  display_name = "aks-shop-old"
}

resource "azuread_service_principal" "old" {
  client_id = azuread_application.old.client_id
}

resource "azuread_application" "new" {
  display_name = "aks-shop"
}

resource "azuread_service_principal" "new" {
  client_id = azuread_application.new.client_id
}

resource "azuread_service_principal_password" "new" {
  service_principal_id = azuread_service_principal.new.id
  end_date             = "2025-01-31T00:00:00Z"
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-shop"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  dns_prefix          = "shop"

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 2
  }

  service_principal {
    client_id     = azuread_application.new.client_id
    client_secret = azuread_service_principal_password.new.value
  }
}

resource "azurerm_role_assignment" "pull" {
  scope                = azurerm_container_registry.acr.id
  role_definition_name = "AcrPull"
  principal_id         = azuread_service_principal.old.object_id
}
